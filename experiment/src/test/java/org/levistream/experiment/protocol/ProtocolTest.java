package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.experiment.offline.ExampleSet;
import org.levistream.experiment.offline.GeneratedSplits;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.experiment.offline.RatingSet;
import org.levistream.experiment.offline.Recipes;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.TaskKind;

@Timeout(120)
class ProtocolTest {
    @TempDir
    static Path dir;
    static OfflineSplits splits;

    @BeforeAll
    static void load() throws IOException {
        splits = GeneratedSplits.ratings(dir);
    }

    @Test
    void learningRatesAreChosenWithoutReadingTheIdTestOrAnyOodSet() throws IOException {
        AtomicBoolean selectionFinished = new AtomicBoolean();
        List<String> earlyReads = new ArrayList<>();
        List<String> lateReads = new ArrayList<>();
        Map<String, ExampleSet> ood = new LinkedHashMap<>();
        splits.ood().forEach((name, set) -> ood.put(name, new Guarded(set, selectionFinished, earlyReads, lateReads)));
        OfflineSplits guarded = new OfflineSplits(splits.pretrain(), splits.train(), splits.validation(),
                new Guarded(splits.idTest(), selectionFinished, earlyReads, lateReads), ood);
        var settings = new ProtocolSettings(List.of(Method.LEVI, Method.LP), List.of(1L, 2L, 3L), 1, 64, Map.of(),
                10_000, false);
        int width = ((RatingSet) splits.train()).width();
        List<String> searched = new ArrayList<>();
        ProtocolListener listener = new ProtocolListener() {
            @Override
            public void searched(Method method, String setting, double score, List<Integer> epochs,
                                 double seconds) {
                searched.add(method.settingName() + "@" + setting);
            }

            @Override
            public void selectionFinished(Map<Method, String> chosen) {
                selectionFinished.set(true);
            }
        };

        ExperimentResult result = new Protocol("test", guarded,
                () -> BlockBackbone.create(Recipes.ratingBackbone(width), 7, Device.cpu()), settings, Device.cpu(),
                listener, null).run();

        assertThat(ood).isNotEmpty();
        assertThat(searched).hasSize(4 + 5);
        assertThat(earlyReads).as("test-set reads before every learning rate was chosen").isEmpty();
        assertThat(lateReads).as("the test sets are scored in the final runs").isNotEmpty()
                .anyMatch(r -> r.startsWith("ood.late"));
        assertThat(result.methods()).extracting(MethodResult::method).containsExactly(Method.LEVI, Method.LP);
        assertThat(result.methods().get(1).search()).containsOnlyKeys(ProtocolSettings.LP_GRID.stream()
                .map(lr -> new SearchPoint(org.levistream.model.optim.OptimizerSpec.Kind.ADAM, lr, 1f).label())
                .toList());
        assertThat(result.methods().get(0).epochs()).containsExactly(1, 1, 1);
        assertThat(result.methods().get(0).scores().get("ood.late").get("rmse")).hasSize(3);
    }

    @Test
    void bestRateHasTheBestFiniteScoreAndNeverADivergedOne() {
        Map<Float, Double> rmse = new LinkedHashMap<>();
        rmse.put(1e-4f, 1.2);
        rmse.put(1e-3f, 0.9);
        rmse.put(1e-2f, Double.NaN);
        rmse.put(1e-1f, 1.0);
        Map<Float, Double> accuracy = new LinkedHashMap<>(Map.of(1e-4f, 0.5, 1e-3f, 0.7));

        assertThat(Protocol.best(rmse, "rmse")).isEqualTo(1e-3f);
        assertThat(Protocol.best(accuracy, "accuracy")).isEqualTo(1e-3f);
        assertThat(Protocol.best(Map.of(1e-2f, Double.NaN), "rmse")).isEqualTo(1e-2f);
    }

    /** A test set that records every read of its data, split by whether selection had finished. */
    private record Guarded(ExampleSet inner, AtomicBoolean open, List<String> early, List<String> late)
            implements ExampleSet {
        private void read(String what) {
            (open.get() ? late : early).add(inner.name() + "." + what);
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public TaskKind task() {
            return inner.task();
        }

        @Override
        public int size() {
            read("size");
            return inner.size();
        }

        @Override
        public Batch batch(NDManager manager, int[] order, int from, int to) {
            read("batch");
            return inner.batch(manager, order, from, to);
        }

        @Override
        public float label(int i) {
            read("label");
            return inner.label(i);
        }
    }
}
