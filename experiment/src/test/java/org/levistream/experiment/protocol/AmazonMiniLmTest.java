package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.experiment.offline.TextBackbones;
import org.levistream.experiment.offline.TextSet;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.levi.Method;
import org.levistream.model.optim.OptimizerSpec.Kind;

/**
 * The review-text benchmark with MiniLM, end to end on a few reviews and one epoch: LEVI reads the frozen views,
 * FT trains MiniLM's top layer over the cached layer below, and every text is encoded once per cache however many
 * runs read it.
 */
@Timeout(600)
class AmazonMiniLmTest {
    @TempDir
    Path dir;

    @Test
    void leviAndFtOfTheTopLayerRunAndEveryTextIsEncodedOnce() throws IOException {
        OfflineSplits splits = splits();
        var corpus = ((TextSet) splits.train()).corpus();
        ProtocolSettings settings = settings(List.of(Method.LEVI, Method.LP, Method.FT, Method.WISE_FT));
        ExperimentResult result;
        try (TextBackbones texts = miniLm(corpus)) {
            result = new Protocol("amazon", splits, OfflineExperiment.textBackbones(texts), settings, Device.cpu(),
                    new ConsoleListener(new PrintWriter(new StringWriter()), "amazon"), null).run();

            // 2 seeds x (LEVI, LP, FT), trained and scored on 4 sets of 120 reviews with 3 distinct texts (good,
            // bad, good for the dog): each text encoded once per cache.
            assertThat(corpus.size()).isEqualTo(3);
            assertThat(texts.textViews().misses()).isEqualTo(3);
            assertThat(texts.textViews().hits()).isGreaterThan(100);
            assertThat(texts.tokenStatesBelowTop(1).misses()).isEqualTo(3);
        }
        assertThat(result.methods()).extracting(MethodResult::method)
                .containsExactly(Method.LEVI, Method.LP, Method.FT, Method.WISE_FT);
        MethodResult ft = result.methods().get(2);
        assertThat(ft.setting().label()).isEqualTo("adam 1e-3 backbone×0.1 top 1");
        // One BERT layer (1,774,464) and the linear head over its 384 units (770): the layers below do not train.
        assertThat(ft.trainableParameters()).isEqualTo(1_774_464L + 770L);
        for (MethodResult m : result.methods()) {
            assertThat(m.scores().get("ood.pet-food").get("accuracy")).as(m.method().settingName())
                    .allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
        }
    }

    @Test
    void theCataloguedMiniLmServesLeviThroughTheCommandsPath() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("minilm"));
        copy(MiniLm.ONNX_FILE, folder);
        copy(MiniLm.TOKENIZER_FILE, folder);
        BackboneCatalog catalog = BackboneCatalog.open(dir.resolve("backbones"));
        MiniLm.catalogue(folder, catalog, Device.cpu());
        StringWriter out = new StringWriter();
        var run = new OfflineExperiment.Run("amazon", "t", 0, 0, dir.resolve("out"), "levi experiment", false);

        OfflineExperiment.run(run, splits(), BackboneCatalog.open(dir.resolve("backbones")),
                settings(List.of(Method.LEVI, Method.SMALL_ONLY)), Device.cpu(), new PrintWriter(out));

        assertThat(out.toString()).contains("amazon: views of 3 texts computed in");
        assertThat(Files.readString(dir.resolve("out/amazon-t.md")))
                .contains("| levi |", "| small-only |", "text backbone", "all-MiniLM-L6-v2");
    }

    private OfflineSplits splits() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String text = (i % 2 == 0 ? "delicious, buy it" : "stale, avoid") + (i % 4 == 0 ? " for the dog" : "");
            lines.add(String.format(Locale.ROOT, "{\"reviewerID\":\"r%d\",\"asin\":\"B%d\",\"overall\":%s,"
                    + "\"unixReviewTime\":%d,\"reviewText\":\"%s\"}", i, i, i % 2 == 0 ? "5.0" : "1.0",
                    1_262_304_000L + i, text));
        }
        Path data = Files.createDirectories(dir.resolve("data/amazon"));
        Files.write(data.resolve("fine-foods.jsonl"), lines);
        return OfflineExperiment.load("amazon", dir.resolve("data"),
                SplitPlan.load(Path.of("..", "config", "split-amazon.yaml")),
                OfflineExperiment.limits("amazon", 0.1, -1, -1, false));
    }

    /** One epoch, Adam 1e-3 for every method, FT and LP-FT at Adam 1e-3 with the top layer at a tenth. */
    private static ProtocolSettings settings(List<Method> methods) {
        SearchSpace search = new SearchSpace("custom", List.of(Kind.ADAM), Map.of(Kind.ADAM, List.of(1e-3f)),
                Map.of(Kind.ADAM, List.of(1e-2f)), List.of(1f))
                .withFineTune(List.of(new SearchPoint(Kind.ADAM, 1e-3f, 0.1f, 1)));
        return new ProtocolSettings(methods, List.of(1L, 2L), 1, 20, Map.of(), 0, false, 0, search);
    }

    private static TextBackbones miniLm(org.levistream.model.cache.TextCorpus corpus) throws IOException {
        try (InputStream onnx = resource(MiniLm.ONNX_FILE); InputStream json = resource(MiniLm.TOKENIZER_FILE)) {
            return TextBackbones.of(BertBackbone.read(onnx.readAllBytes(), Device.cpu()), BertTokenizer.read(json),
                    corpus);
        }
    }

    private static void copy(String name, Path folder) throws IOException {
        try (InputStream in = resource(name)) {
            Files.copy(in, folder.resolve(name));
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = AmazonMiniLmTest.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IOException(name + " is not on the test classpath; it comes from " + MiniLm.ARTIFACT);
        }
        return in;
    }
}
