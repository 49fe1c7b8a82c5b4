package org.levistream.app.pretrain;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.levistream.experiment.offline.EngineThreads;
import org.levistream.experiment.offline.GeneratedData;
import org.levistream.experiment.offline.Recipes;
import org.levistream.experiment.offline.ScratchDirectory;
import org.levistream.experiment.pretrain.BackbonePretraining;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.device.DeviceChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code levi pretrain}: makes the benchmarks' backbones from their pre-training splits with
 * {@link BackbonePretraining}; this command only reads the options.
 *
 * <ul>
 *   <li>{@code movielens}: a two-tower recommendation backbone ({@link Recipes#ratingBackbone}) on the ratings the
 *       MovieLens split file sends to {@code pretrain} (up to 2002). Each rating's row is {@code [item content |
 *       user context]}: 121 content columns (GloVe-100d title mean, 19-genre multi-hot, scaled year and its flag) and
 *       123 context columns (the mean content of the user's last 20 items rated strictly before, mean rating - 3.5,
 *       fill). A content tower 121 → 64 → 32 reads only the content columns, a user-context tower 123 → 64 → 32
 *       only the context columns, and joint layers (32 + 32) → 64 → 32 read both towers' concatenated outputs. Every layer is tapped:
 *       {@code content1, content2, context1, context2, joint1, joint2}. Trained for rating RMSE through a linear
 *       head on {@code joint2}.</li>
 *   <li>{@code fashion-mnist}: an image CNN with 16, 32 and 64 filters, 3 taps, on Fashion-MNIST.</li>
 *   <li>{@code minilm-l6}: not trained here but published: all-MiniLM-L6-v2, whose files
 *       {@code scripts/fetch-data.sh --only minilm} extracted, is checked against its pinned SHA-256 and catalogued
 *       ({@link MiniLm#catalogue}); only on request, since it needs those files.</li>
 * </ul>
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pre-train the backbones LEVI keeps frozen, on the split files' pretrain data:",
            "- movielens: on MovieLens ratings up to 2002, a recommendation backbone with separate towers: a content "
                + "tower 121 -> 64 -> 32 over the item's content (GloVe title mean, genres, year) and a user-context "
                + "tower 123 -> 64 -> 32 over the user's recent items (their mean content, mean rating, count), then "
                + "joint layers (32 + 32) -> 64 -> 32 over both towers' outputs; all 6 layers tapped (content1-2, "
                + "context1-2, joint1-2).",
            "- fashion-mnist: an image CNN (16, 32, 64 filters, 3 tapped layers) on Fashion-MNIST.",
            "- minilm-l6 (on request): the published text encoder all-MiniLM-L6-v2 (6 layers x 384; taps: the "
                + "embeddings and each layer, mean-pooled over tokens), from the files 'scripts/fetch-data.sh --only "
                + "minilm' extracted into <data-dir>/backbones/minilm-l6; nothing is trained.",
            "Each is saved in the output folder's store under its SHA-256, which is printed and recorded in "
                + "backbones.json."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi pretrain                       both backbones from ./data into ./data/backbones",
            "  levi pretrain --only movielens      one of them",
            "  levi pretrain --backbone minilm-l6  catalogue the fetched MiniLM text encoder",
            "  levi pretrain --quick --out /tmp/b  tiny generated data, seconds (for tests)"})
public final class PretrainCommand implements Callable<Integer> {
    /** Catalogue name of the recommendation backbone. */
    public static final String MOVIELENS = BackbonePretraining.MOVIELENS;
    /** Catalogue name of the image backbone. */
    public static final String FASHION = BackbonePretraining.FASHION;
    /** Catalogue name of the published text backbone. */
    public static final String MINILM = MiniLm.CATALOG_NAME;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:LEVI_DATA_DIR:-data}",
            description = "The fetch script's data folder (default: ${DEFAULT-VALUE}; env LEVI_DATA_DIR).")
    Path dataDir;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "${env:LEVI_BACKBONES:-data/backbones}",
            description = "Where backbones.json and the store go (default: ${DEFAULT-VALUE}; env LEVI_BACKBONES).")
    Path out;

    @Option(names = "--split-movielens", paramLabel = "FILE", defaultValue = "config/split-movielens.yaml",
            description = "Split file whose pretrain rule picks the ratings (default: ${DEFAULT-VALUE}).")
    Path movieLensSplit;

    @Option(names = "--split-digits", paramLabel = "FILE", defaultValue = "config/split-digits.yaml",
            description = "Split file whose pretrain rule picks the images (default: ${DEFAULT-VALUE}).")
    Path digitsSplit;

    @Option(names = {"--only", "--backbone"}, paramLabel = "NAME", split = ",",
            defaultValue = "movielens,fashion-mnist",
            description = "Which backbones: movielens, fashion-mnist, minilm-l6 (default: movielens,fashion-mnist).")
    List<String> only;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "0",
            description = "Passes over the data; 0 for each backbone's default (movielens 10, fashion-mnist 2).")
    int epochs;

    @Option(names = "--seed", defaultValue = "7", description = "Seeds initialisation and order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "${env:LEVI_THREADS:-1}", paramLabel = "N",
            description = "PyTorch threads (default: ${DEFAULT-VALUE}; env LEVI_THREADS; 0: one per core).")
    int threads;

    @Option(names = "--quick", description = "Tiny generated data and one epoch: finishes in seconds.")
    boolean quick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        for (String name : only) {
            if (!List.of(MOVIELENS, FASHION, MINILM).contains(name)) {
                throw new ParameterException(spec.commandLine(), "--only was " + name
                        + " but must list movielens, fashion-mnist and/or minilm-l6");
            }
        }
        if (threads < 0) {
            throw new ParameterException(spec.commandLine(), "--threads was " + threads + " but must be >= 0");
        }
        EngineThreads.configure(threads);
        try (ScratchDirectory scratch = quick ? ScratchDirectory.create("levi-quick-data") : null) {
            Path data = quick ? GeneratedData.write(scratch.path(), seed) : dataDir;
            Device dev = resolveDevice(spec, device);
            BackboneCatalog catalog = BackboneCatalog.open(out);
            int e = epochs > 0 ? epochs : quick ? 1 : 0;
            if (only.contains(MOVIELENS)) {
                BackbonePretraining.report(console, BackbonePretraining.movieLens(data,
                        loadPlan(spec, movieLensSplit), movieLensSplit.toString(), e, seed, dev, catalog, console));
            }
            if (only.contains(FASHION)) {
                BackbonePretraining.report(console, BackbonePretraining.fashion(data, loadPlan(spec, digitsSplit),
                        digitsSplit.toString(), e, seed, dev, catalog, console));
            }
        }
        if (only.contains(MINILM)) {
            catalogueMiniLm(console);
        }
        console.println("catalogue: " + out.resolve(BackboneCatalog.FILE));
        return ExitCode.OK;
    }

    /** Catalogues the fetched MiniLM files; missing or altered files are the user's to fix (exit 2). */
    private void catalogueMiniLm(PrintWriter console) throws IOException {
        Path folder = MiniLm.dataFolder(dataDir);
        BackboneCatalog.Entry entry;
        try {
            entry = MiniLm.catalogue(folder, BackboneCatalog.open(out), resolveDevice(spec, device));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, folder.toString());
        }
        console.println(MINILM + " backbone: sha256 " + entry.sha256() + " (" + entry.description() + ")");
    }

    /** Reads a split file; its problems are the user's to fix (exit 2). */
    public static SplitPlan loadPlan(CommandSpec spec, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "split file " + file + " does not exist");
        }
        try {
            return SplitPlan.load(file);
        } catch (org.levistream.common.config.InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, file.toString());
        }
    }

    /** Resolves the device option; a bad value or a missing GPU is the user's to fix (exit 2). */
    public static Device resolveDevice(CommandSpec spec, String value) {
        try {
            return DeviceChoice.parse("--device", value).resolve();
        } catch (org.levistream.common.config.InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
