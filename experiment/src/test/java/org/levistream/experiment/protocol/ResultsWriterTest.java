package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.optim.OptimizerSpec;

@Timeout(10)
class ResultsWriterTest {
    @TempDir
    Path dir;

    private static MethodResult result(Method method, double idRmse, double oodRmse) {
        Map<String, Map<String, List<Double>>> scores = new LinkedHashMap<>();
        scores.put("id-test", Map.of("rmse", List.of(idRmse, idRmse + 0.02, idRmse + 0.04)));
        scores.put("ood.late", Map.of("rmse", List.of(oodRmse, oodRmse, Double.NaN)));
        Map<String, MethodResult.Searched> search = new LinkedHashMap<>();
        search.put("adam 1e-3", new MethodResult.Searched(0.9, List.of(4, 6, 5)));
        search.put("adam 1e-2 backbone×0.1", new MethodResult.Searched(Double.NaN, List.of(-1, 2, 3)));
        return new MethodResult(method, new SearchPoint(OptimizerSpec.Kind.ADAM, 1e-3f, 1f), search, 1234,
                List.of(1.5, 2.5), List.of(4, 6, 5), List.of(7, 6, 8), Float.NaN, scores);
    }

    private static MethodResult wise(double idRmse) {
        Map<String, Map<String, List<Double>>> scores = new LinkedHashMap<>();
        scores.put("id-test", Map.of("rmse", List.of(idRmse, idRmse, idRmse)));
        scores.put("ood.late", Map.of("rmse", List.of(1.0, 1.0, 1.0)));
        return new MethodResult(Method.WISE_FT, new SearchPoint(OptimizerSpec.Kind.SGD, 1e-2f, 0.1f),
                Map.of("α=0.3", new MethodResult.Searched(0.7, List.of())), 1234, List.of(), List.of(), List.of(),
                0.3f, scores);
    }

    @Test
    void aConvergenceRunSaysItsRuleSearchAndEpochsAndABudgetRunSaysSo() throws IOException {
        var settings = new ProtocolSettings(List.of(Method.LP, Method.FT, Method.WISE_FT), List.of(1L, 2L, 3L), 30,
                512, Map.of(), 0, false, 3, SearchSpace.BUDGET);
        var result = new ExperimentResult("bench", TaskKind.RATING, Map.of("train", 10), settings,
                List.of(result(Method.LP, 0.8, 0.9), result(Method.FT, 0.85, 0.95), wise(0.7)), 12);

        List<Path> files = ResultsWriter.write(dir, result, "levi experiment --budget", Map.of());

        String md = Files.readString(files.get(0));
        assertThat(md).contains("**budget run**", "has not improved for 3 epochs (at most 30 epochs)",
                "best ID-validation state is kept", "| method | setting | epochs |",
                "| ft | adam 1e-3 | 4/7, 6, 5/8 |", "| wise-ft | α=0.3 (ft sgd 1e-2 backbone×0.1) | ft's | 1,234 | – |",
                "adam 1e-2 backbone×0.1 → NaN [-1, 2, 3]");
        JsonNode json = new ObjectMapper().readTree(files.get(1).toFile());
        assertThat(json.path("settings").path("rule").asText()).isEqualTo("convergence");
        assertThat(json.path("settings").path("budget").asBoolean()).isTrue();
        assertThat(json.path("settings").path("epochs").asInt()).isEqualTo(30);
        JsonNode ft = json.path("methods").get(1);
        assertThat(ft.path("optimizer").asText()).isEqualTo("adam");
        assertThat(ft.path("learningRate").asDouble()).isCloseTo(1e-3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ft.path("epochs").toString()).isEqualTo("[4,6,5]");
        assertThat(ft.path("epochsTrained").toString()).isEqualTo("[7,6,8]");
        assertThat(ft.path("validationBySetting").path("adam 1e-3").path("epochs").toString()).isEqualTo("[4,6,5]");
        assertThat(json.path("methods").get(2).path("alpha").asDouble())
                .isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void theProtocolLineNamesTheFineTuningSettingsThatReplaceTheBackboneFactors() {
        List<MethodResult> methods = List.of(result(Method.FT, 0.85, 0.95));
        var generic = new ProtocolSettings(List.of(Method.FT), List.of(1L), 30, 100, Map.of(), 0, false, 3,
                SearchSpace.FULL);
        var topLayers = new ProtocolSettings(List.of(Method.FT), List.of(1L), 30, 100, Map.of(), 0, false, 3,
                SearchSpace.FULL.withFineTune(List.of(new SearchPoint(OptimizerSpec.Kind.ADAM, 1e-3f, 0.1f, 2))));

        assertThat(ResultsWriter.protocolLine(new ExperimentResult("b", TaskKind.RATING, Map.of(), generic,
                methods, 1))).contains("ft/lp-ft backbone factors [1.0, 0.1]");
        assertThat(ResultsWriter.protocolLine(new ExperimentResult("b", TaskKind.RATING, Map.of(), topLayers,
                methods, 1))).contains("ft/lp-ft [adam 1e-3 backbone×0.1 top 2]").doesNotContain("backbone factors");
    }

    @Test
    void writesMeanAndSampleStdPerSetWithTheCommandAndAChart() throws IOException {
        var settings = new ProtocolSettings(List.of(Method.LEVI, Method.FT), List.of(1L, 2L, 3L), 2, 200, Map.of(),
                0, false);
        var result = new ExperimentResult("bench", TaskKind.RATING, Map.of("train", 10), settings,
                List.of(result(Method.LEVI, 0.80, 0.9), result(Method.FT, 0.85, 0.95)), 12);

        List<Path> files = ResultsWriter.write(dir, result, "levi experiment --x", Map.of("machine", "test box"));

        String md = Files.readString(files.get(0));
        assertThat(md).contains("levi experiment --x", "machine: test box",
                "every run trains 2 epochs and its last state is kept",
                "| method | setting | epochs | trainable params | step ms | id-test rmse | ood.late rmse |",
                "| levi | adam 1e-3 | 4/7, 6, 5/8 | 1,234 | 2.0 | 0.8200 ± 0.0200 | NaN ± NaN |",
                "adam 1e-2 backbone×0.1 → NaN");
        assertThat(md).doesNotContain("budget run");
        JsonNode json = new ObjectMapper().readTree(files.get(1).toFile());
        assertThat(json.path("methods").get(1).path("scores").path("id-test").path("rmse").path("mean").asDouble())
                .isCloseTo(0.87, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.path("methods").get(0).path("scores").path("ood.late").path("rmse").path("mean").asText())
                .isEqualTo("NaN");
        assertThat(Files.readString(files.get(2))).startsWith("<svg").contains("levi: 0.8200 ± 0.0200");
    }
}
