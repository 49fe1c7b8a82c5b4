package org.levistream.bench.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.levistream.bench.parity.ParityResult.ArmRun;
import org.levistream.bench.parity.ParityResult.Check;
import org.levistream.bench.parity.ParityResult.MethodRuns;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.metrics.Metrics;

class ParityResultTest {
    private static final OfflineReference REFERENCE = new OfflineReference(8, 512, List.of(1L, 2L, 3L),
            Map.of(Method.LEVI, 0.01f), Map.of("levi|id-test|accuracy", new OfflineReference.Stat(0.94, 0.006,
                    List.of(0.9475, 0.937, 0.937))), Map.of("train", 10_000));

    @Test
    void sameBatchesMustAgreeWithinOnePercentAndAnotherOrderWithinTheSeedsDeviationOfTheSameSeed() {
        ParityResult r = result(Map.of(ParityResult.OFFLINE, 0.9475, ParityResult.OFFLINE_TOPIC_ORDER, 0.95,
                ParityResult.STREAM, 0.9501, ParityResult.STREAM_EPOCH_ORDERS, 0.9475));

        assertThat(r.checks()).extracting(Check::arm, Check::reference, Check::pass).containsExactly(
                tuple(ParityResult.STREAM_EPOCH_ORDERS, 0.9475, true),
                tuple(ParityResult.STREAM, 0.95, true),
                // 0.9501 is 0.0101 from the seeds' mean, more than their deviation, but 0.0026 from seed 1's run.
                tuple(ParityResult.STREAM, 0.9475, true));
        assertThat(r.passed()).isTrue();
    }

    @Test
    void failsAStreamThatStrays() {
        ParityResult r = result(Map.of(ParityResult.OFFLINE, 0.9475, ParityResult.OFFLINE_TOPIC_ORDER, 0.95,
                ParityResult.STREAM, 0.93, ParityResult.STREAM_EPOCH_ORDERS, 0.9300));

        assertThat(r.checks()).filteredOn(c -> !c.pass()).extracting(Check::rule).containsExactly(
                "within 1% of offline (same batches)", "within 1% of offline-topic-order (same batches)",
                "within the offline seeds' std (0.0060) of offline seed 1");
        assertThat(r.passed()).isFalse();
        assertThat(ParityReport.markdown(r)).contains("Verdict: 0 of 3 checks hold", "| levi | id-test | accuracy |");
    }

    @Test
    void readsLeviExperimentsResults() throws Exception {
        OfflineReference digits = OfflineReference.read(Path.of("../docs/results/digits.json"));
        assertThat(digits.epochs()).isEqualTo(8);
        assertThat(digits.batchSize()).isEqualTo(512);
        assertThat(digits.seeds()).containsExactly(1L, 2L, 3L);
        assertThat(digits.learningRate(Method.LEVI)).isEqualTo(0.01f);
        assertThat(digits.stat(Method.FT, "ood.rotated", "nll")).isPresent();
        assertThat(digits.run(Method.LEVI, "id-test", "accuracy", 1)).contains(0.9475);
    }

    @Test
    void refusesResultsOfTheConvergenceRuleNamingWhatItNeeds(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path json = dir.resolve("digits.json");
        java.nio.file.Files.writeString(json, """
                {"settings": {"epochs": 30, "batchSize": 512, "seeds": [1], "rule": "convergence"},
                 "methods": [{"method": "ft", "learningRate": 0.001, "epochs": [7]}]}
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OfflineReference.read(json))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("was made under the convergence rule")
                .hasMessageContaining("levi experiment --epochs N");
    }

    private static ParityResult result(Map<String, Double> accuracyByArm) {
        Map<String, ArmRun> arms = new LinkedHashMap<>();
        for (String arm : List.of(ParityResult.OFFLINE, ParityResult.OFFLINE_TOPIC_ORDER, ParityResult.STREAM,
                ParityResult.STREAM_EPOCH_ORDERS)) {
            arms.put(arm, new ArmRun(arm, Map.of("id-test", new Metrics(TaskKind.CLASSIFICATION,
                    Map.of(Metrics.ACCURACY, accuracyByArm.get(arm)), 2000)), 1));
        }
        return new ParityResult("digits", 8, 512, 1, 3, "offline epoch 1", true, Map.of("train", 10_000),
                List.of(new MethodRuns(Method.LEVI, 0.01f, arms, List.of())), REFERENCE);
    }
}
