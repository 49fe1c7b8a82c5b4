package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.experiment.offline.ExampleSet;
import org.levistream.experiment.offline.GeneratedData;
import org.levistream.experiment.offline.GeneratedSplits;
import org.levistream.experiment.offline.LoadSettings;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.experiment.offline.RatingSet;
import org.levistream.experiment.offline.TextBackbones;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.backbone.bert.TextViewTaps;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.optim.OptimizerSpec.Kind;

/**
 * Language-based MovieLens with FT, LP-FT and WiSE-FT of MiniLM's top layer, end to end on generated ratings: the
 * sets carry each item's text, the frozen methods score exactly as they did on the rows alone, and FT trains one
 * copied layer over the item texts' cached token rows, warmed once before the protocol.
 */
@Timeout(900)
class MovieLensLmFineTuneTest {
    @TempDir
    static Path dir;
    private static OfflineSplits splits;

    @BeforeAll
    static void load() throws IOException {
        Path data = GeneratedData.write(dir.resolve("data"), 1);
        Path folder = Files.createDirectories(MiniLm.dataFolder(data));
        copy(MiniLm.ONNX_FILE, folder);
        copy(MiniLm.TOKENIZER_FILE, folder);
        splits = OfflineExperiment.load(OfflineExperiment.MOVIELENS_LM, data,
                SplitPlan.parse(GeneratedSplits.TEMPORAL_SPLIT, "temporal split"),
                new LoadSettings(0.1, OfflineExperiment.VALIDATION_SEED, 240, 60, 60, 60, false));
        MiniLm.catalogue(folder, BackboneCatalog.open(dir.resolve("backbones")), Device.cpu());
    }

    @Test
    void frozenMethodsScoreExactlyAsOnTheRowsAlone() throws IOException {
        ProtocolSettings settings = settings(List.of(Method.LEVI, Method.LP));
        ExperimentResult now;
        ExperimentResult before;
        BackboneCatalog catalog = BackboneCatalog.open(dir.resolve("backbones"));
        try (TextBackbones texts = TextBackbones.open(catalog, ((RatingSet) splits.train()).corpus(),
                Device.cpu())) {
            now = protocol(splits, OfflineExperiment.ratingTextBackbones(texts), settings).run();
        }
        try (BertBackbone encoder = (BertBackbone) catalog.source(MiniLm.CATALOG_NAME, Device.cpu()).open()) {
            before = protocol(rowsOnly(splits), RunBackbones.always(() -> new TextViewTaps(encoder, false)), settings)
                    .run();
        }
        assertThat(now.methods()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(now.methods().get(i).scores()).as(now.methods().get(i).method().settingName())
                    .isEqualTo(before.methods().get(i).scores());
        }
    }

    @Test
    void ftLpFtAndWiseFtOfTheTopLayerRunThroughTheCommandsPath() throws IOException {
        StringWriter out = new StringWriter();
        var run = new OfflineExperiment.Run(OfflineExperiment.MOVIELENS_LM, "ft", 0, 0, dir.resolve("out"),
                "levi experiment --benchmark movielens-lm", false);
        RatingSet train = (RatingSet) splits.train();
        int items = train.corpus().size();

        OfflineExperiment.run(run, splits, BackboneCatalog.open(dir.resolve("backbones")),
                settings(List.of(Method.LP, Method.FT, Method.LP_FT, Method.WISE_FT)), Device.cpu(),
                new PrintWriter(out));

        assertThat(items).isPositive();
        assertThat(out.toString()).contains("movielens-lm: token outputs of " + items + " texts below the top [1] "
                + "layer(s) computed in");
        String md = Files.readString(dir.resolve("out/movielens-lm-ft.md"));
        assertThat(md).contains("| lp |", "| ft |", "| lp-ft |", "| wise-ft |", "adam 1e-3 backbone×0.1 top 1",
                "FT and LP-FT train only a copy of MiniLM's top layers");
        // Every method's row holds scores (WiSE-FT's step time is NaN in the JSON: it never trains).
        assertThat(md.lines().filter(l -> l.matches("\\| (lp|ft|lp-ft|wise-ft) \\|.*")).toList()).hasSize(4)
                .allSatisfy(row -> assertThat(row).doesNotContain("NaN"));
    }

    @Test
    void ftTrainsOneLayerAndItsHeadAndScoresEverySet() throws IOException {
        ExperimentResult result;
        BackboneCatalog catalog = BackboneCatalog.open(dir.resolve("backbones"));
        try (TextBackbones texts = TextBackbones.open(catalog, ((RatingSet) splits.train()).corpus(),
                Device.cpu())) {
            result = protocol(splits, OfflineExperiment.ratingTextBackbones(texts), settings(List.of(Method.FT)))
                    .run();
            assertThat(texts.tokenStatesBelowTop(1).size()).isEqualTo(texts.corpus().size());
        }
        MethodResult ft = result.methods().get(0);
        // One BERT layer (1,774,464) and the linear head over the 770-wide tap: the layers below do not train.
        assertThat(ft.trainableParameters()).isEqualTo(1_774_464L + 771L);
        assertThat(ft.scores().get("ood.late").get("rmse"))
                .allSatisfy(r -> assertThat(r).isBetween(0.0, 5.0));
    }

    private static Protocol protocol(OfflineSplits s, RunBackbones backbones, ProtocolSettings settings) {
        return new Protocol("movielens-lm", s, backbones, settings, Device.cpu(),
                new ConsoleListener(new PrintWriter(new StringWriter()), "movielens-lm"), null);
    }

    /** One seed, one epoch, Adam 1e-3 for every method, FT and LP-FT at Adam 1e-3 with the top layer at a tenth. */
    private static ProtocolSettings settings(List<Method> methods) {
        SearchSpace search = new SearchSpace("custom", List.of(Kind.ADAM), Map.of(Kind.ADAM, List.of(1e-3f)),
                Map.of(Kind.ADAM, List.of(1e-3f)), List.of(1f))
                .withFineTune(List.of(new SearchPoint(Kind.ADAM, 1e-3f, 0.1f, 1)));
        return new ProtocolSettings(methods, List.of(1L), 1, 20, Map.of(), 0, false, 0, search);
    }

    /** The sets as they were before they carried item texts: each batch's backbone input is the rows alone. */
    private static OfflineSplits rowsOnly(OfflineSplits s) {
        Map<String, ExampleSet> ood = new LinkedHashMap<>();
        s.ood().forEach((name, set) -> ood.put(name, new RowsOnly(set)));
        return new OfflineSplits(s.pretrain(), new RowsOnly(s.train()), new RowsOnly(s.validation()),
                new RowsOnly(s.idTest()), ood);
    }

    private record RowsOnly(ExampleSet base) implements ExampleSet {
        @Override
        public String name() {
            return base.name();
        }

        @Override
        public TaskKind task() {
            return base.task();
        }

        @Override
        public int size() {
            return base.size();
        }

        @Override
        public float label(int i) {
            return base.label(i);
        }

        @Override
        public Batch batch(NDManager manager, int[] order, int from, int to) {
            Batch b = base.batch(manager, order, from, to);
            assertThat(b.backboneInput()).hasSize(2);
            return new Batch(new NDList(b.backboneInput().head()), b.taskInput(), b.labels(), b.keys(), b.idRows());
        }
    }

    private static void copy(String name, Path folder) throws IOException {
        try (InputStream in = MovieLensLmFineTuneTest.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IOException(name + " is not on the test classpath; it comes from " + MiniLm.ARTIFACT);
            }
            Files.copy(in, folder.resolve(name));
        }
    }
}
