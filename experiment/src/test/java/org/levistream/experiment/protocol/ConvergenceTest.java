package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.experiment.offline.GeneratedSplits;
import org.levistream.experiment.offline.ModelRun;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.experiment.offline.Recipes;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.optim.OptimizerSpec.Kind;
import org.levistream.model.tensor.NamedTensor;

/** The convergence rule, WiSE-FT and the search, on generated ratings: seconds, not minutes. */
@Timeout(180)
class ConvergenceTest {
    @TempDir
    static Path dir;
    static OfflineSplits splits;
    static BackboneSource backbone;

    @BeforeAll
    static void load() throws IOException {
        splits = GeneratedSplits.ratings(dir);
        backbone = GeneratedSplits.ratingBackbone(splits);
    }

    /**
     * Replays the same run epoch by epoch beside it: the kept state is the one after the best validation epoch, bit
     * for bit; training stopped exactly {@code patience} epochs after it, before the maximum; epochs are recorded.
     */
    @Test
    void earlyStoppingKeepsTheBestEpochsStateAndStopsAfterPatienceEpochs() throws IOException {
        var spec = Recipes.spec(TaskKind.RATING, Method.SMALL_ONLY, Recipes.optimizer(Kind.ADAM, 0.3f, 1f), 1, 0,
                Map.of());
        int batch = 64;
        try (ModelRun run = ModelRun.create(spec, backbone, Device.cpu(), 0);
             ModelRun replay = ModelRun.create(spec, backbone, Device.cpu(), 0)) {
            ModelRun.Convergence c = run.trainToConvergence(splits.train(), splits.validation(), 12, 2, batch, 1, 0,
                    null);

            int[][] orders = ModelRun.epochOrders(splits.train().size(), c.epochsRun(), 1);
            List<Double> scores = new ArrayList<>(List.of(replay.evaluate(splits.validation()).get("rmse")));
            List<List<NamedTensor>> states = new ArrayList<>(List.of(replay.parameters()));
            for (int[] order : orders) {
                for (int from = 0; from < order.length; from += batch) {
                    replay.step(splits.train(), order, from, Math.min(order.length, from + batch));
                }
                scores.add(replay.evaluate(splits.validation()).get("rmse"));
                states.add(replay.parameters());
            }
            int best = 0;
            for (int e = 1; e < scores.size(); e++) {
                best = scores.get(e) < scores.get(best) ? e : best;
            }
            assertThat(c.bestEpoch()).isEqualTo(best).isPositive();
            assertThat(c.epochsRun()).as("patience 2 honoured before the maximum of 12").isEqualTo(best + 2)
                    .isLessThan(12);
            assertThat(c.bestScore()).isEqualTo(scores.get(best));
            assertThat(run.evaluate(splits.validation()).get("rmse")).isEqualTo(c.bestScore());
            assertBitEqual(run.parameters(), states.get(best));
            assertThat(run.steps()).isEqualTo(replay.steps());
        }
    }

    @Test
    void theMaximumBoundsARunThatKeepsImproving() throws IOException {
        var spec = Recipes.spec(TaskKind.RATING, Method.SMALL_ONLY, Recipes.optimizer(Kind.ADAM, 1e-3f, 1f), 1, 0,
                Map.of());
        try (ModelRun run = ModelRun.create(spec, backbone, Device.cpu(), 0)) {
            ModelRun.Convergence c = run.trainToConvergence(splits.train(), splits.validation(), 2, 5, 64, 1, 0,
                    null);
            assertThat(c.epochsRun()).isEqualTo(2);
            assertThat(c.bestEpoch()).isEqualTo(2);
        }
    }

    /** α = 0 scores as the LP model and α = 1 as the FT model, bit for bit; FT's own parameters come back. */
    @Test
    void wiseFtEndsAreLpAndFtExactlyAndItsMiddleIsTheAverage() throws IOException {
        try (ModelRun lp = ModelRun.create(Recipes.spec(TaskKind.RATING, Method.LP,
                        Recipes.optimizer(Kind.SGD, 0.1f, 1f), 1, 0, Map.of()), backbone, Device.cpu(), 0);
             ModelRun ft = ModelRun.create(Recipes.spec(TaskKind.RATING, Method.FT,
                     Recipes.optimizer(Kind.SGD, 0.01f, 1f), 1, 0, Map.of()), backbone, Device.cpu(), 0)) {
            lp.train(splits.train(), 1, 64, 1, null);
            ft.train(splits.train(), 1, 64, 1, null);
            List<NamedTensor> theta0 = WiseFt.theta0(lp);
            List<NamedTensor> theta1 = ft.parameters();

            assertThat(WiseFt.score(ft, theta0, 0f, splits.idTest()).values())
                    .isEqualTo(lp.evaluate(splits.idTest()).values());
            assertThat(WiseFt.score(ft, theta0, 1f, splits.idTest()).values())
                    .isEqualTo(ft.evaluate(splits.idTest()).values());
            double middle = WiseFt.score(ft, theta0, 0.5f, splits.idTest()).get("rmse");
            assertThat(middle).isNotEqualTo(lp.evaluate(splits.idTest()).get("rmse"))
                    .isNotEqualTo(ft.evaluate(splits.idTest()).get("rmse"));
            assertBitEqual(ft.parameters(), theta1);

            List<NamedTensor> mixed = WiseFt.mix(theta0, theta1, 0.5f);
            assertThat(mixed).extracting(NamedTensor::name).containsExactlyElementsOf(
                    theta1.stream().map(NamedTensor::name).toList());
            assertThat(mixed).extracting(NamedTensor::name).anyMatch(n -> n.startsWith("backbone."))
                    .anyMatch(n -> n.startsWith("head."));
            for (int k = 0; k < mixed.size(); k++) {
                String name = mixed.get(k).name();
                float[] a = theta0.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().toArray();
                float[] b = theta1.get(k).toArray();
                float[] m = mixed.get(k).toArray();
                for (int i = 0; i < m.length; i++) {
                    assertThat(m[i]).isEqualTo(0.5f * a[i] + 0.5f * b[i]);
                }
            }
        }
    }

    /**
     * The whole protocol under the convergence rule: the search covers optimizer × rate × backbone factor, epochs
     * are recorded per seed, LP-FT's two phases add up, and WiSE-FT's ends score exactly as LP's and FT's chosen
     * models on validation, with α the best of eleven.
     */
    @Test
    void theProtocolSearchesConvergesAndMixes() throws IOException {
        SearchSpace search = new SearchSpace("test", List.of(Kind.SGD, Kind.ADAM),
                Map.of(Kind.SGD, List.of(1e-2f), Kind.ADAM, List.of(1e-3f)),
                Map.of(Kind.SGD, List.of(1e-1f), Kind.ADAM, List.of(1e-2f)), List.of(1f, 0.1f));
        var settings = new ProtocolSettings(List.of(Method.LP, Method.FT, Method.LP_FT, Method.WISE_FT),
                List.of(1L, 2L), 3, 64, Map.of(), 0, false, 1, search);

        ExperimentResult result = new Protocol("test", splits, backbone, settings, Device.cpu(),
                new ProtocolListener() {}, null).run();

        MethodResult lp = result.methods().get(0);
        MethodResult ft = result.methods().get(1);
        MethodResult lpFt = result.methods().get(2);
        MethodResult wise = result.methods().get(3);
        assertThat(lp.search()).containsOnlyKeys("sgd 1e-1", "adam 1e-2");
        assertThat(ft.search()).containsOnlyKeys("sgd 1e-2", "sgd 1e-2 backbone×0.1", "adam 1e-3",
                "adam 1e-3 backbone×0.1");
        for (MethodResult m : List.of(lp, ft)) {
            assertThat(m.epochs()).hasSize(2).allSatisfy(e -> assertThat(e).isBetween(0, 3));
            assertThat(m.epochsRun()).hasSize(2).allSatisfy(e -> assertThat(e).isBetween(1, 3));
            assertThat(m.search().get(m.setting().label()).epochs()).isEqualTo(m.epochs());
        }
        assertThat(lpFt.epochsRun()).allSatisfy(e -> assertThat(e).isBetween(2, 6));
        assertThat(wise.search()).hasSize(11).containsKeys("α=0.0", "α=0.5", "α=1.0");
        assertThat(wise.search().get("α=0.0").score()).isEqualTo(lp.search().get(lp.setting().label()).score());
        assertThat(wise.search().get("α=1.0").score()).isEqualTo(ft.search().get(ft.setting().label()).score());
        double bestScore = wise.search().values().stream().mapToDouble(MethodResult.Searched::score).min()
                .orElseThrow();
        assertThat(wise.search().get(Protocol.alphaLabel(wise.alpha())).score()).isEqualTo(bestScore);
        assertThat(wise.setting()).isEqualTo(ft.setting());
        assertThat(wise.scores().get("ood.late").get("rmse")).hasSize(2);
        if (wise.alpha() == 1f) {
            assertThat(wise.scores()).isEqualTo(ft.scores());
        }
    }

    private static void assertBitEqual(List<NamedTensor> actual, List<NamedTensor> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < actual.size(); k++) {
            assertThat(actual.get(k).bitEquals(expected.get(k))).as(actual.get(k).name()).isTrue();
        }
    }
}
