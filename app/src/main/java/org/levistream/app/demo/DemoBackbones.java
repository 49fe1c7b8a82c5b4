package org.levistream.app.demo;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.levistream.experiment.pretrain.BackbonePretraining;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.BackboneCatalog;

/**
 * The frozen backbones a demo's LEVI models tap: those {@code levi pretrain} already made for this data, or made now
 * by the same code (about a minute on two cores for the real data) and kept for the next run.
 */
final class DemoBackbones {
    private DemoBackbones() {
    }

    /**
     * Makes sure both backbones are in the data's catalogue.
     *
     * @param data    the demo's data; its {@code backbones} folder is the catalogue, as for {@code levi pretrain}
     * @param configs the split files, whose pretrain rules pick the data
     * @param device  where to pre-train
     * @param console where to say what happens
     * @return the catalogue folder
     * @throws IOException if the data cannot be read or a backbone saved
     */
    static Path prepare(DemoData data, DemoConfigs configs, Device device, PrintWriter console) throws IOException {
        Path dir = data.dir().resolve("backbones");
        BackboneCatalog catalog = BackboneCatalog.open(dir);
        for (String name : new String[] {BackbonePretraining.MOVIELENS, BackbonePretraining.FASHION}) {
            if (present(catalog, name)) {
                console.println("  reusing backbone " + name + " " + catalog.find(name).orElseThrow().sha256()
                        .substring(0, 12) + "… from " + dir.resolve(BackboneCatalog.FILE));
            } else {
                console.println("  pre-training backbone " + name + " (once; the next run reuses it) ...");
                console.flush();
                BackbonePretraining.report(console, pretrain(name, data.dir(), configs, device, catalog, console));
            }
        }
        return dir;
    }

    private static boolean present(BackboneCatalog catalog, String name) throws IOException {
        return catalog.find(name).isPresent() && catalog.store().contains(catalog.find(name).get().sha256());
    }

    private static BackbonePretraining.Result pretrain(String name, Path data, DemoConfigs configs, Device device,
                                                       BackboneCatalog catalog, PrintWriter console) throws IOException {
        if (name.equals(BackbonePretraining.MOVIELENS)) {
            Path split = configs.movieLensSplit();
            return BackbonePretraining.movieLens(data, SplitPlan.load(split), split.toString(), 0, 7, device, catalog,
                    console);
        }
        Path split = configs.digitsSplit();
        return BackbonePretraining.fashion(data, SplitPlan.load(split), split.toString(), 0, 7, device, catalog,
                console);
    }
}
