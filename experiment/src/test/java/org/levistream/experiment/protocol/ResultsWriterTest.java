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

@Timeout(10)
class ResultsWriterTest {
    @TempDir
    Path dir;

    private static MethodResult result(Method method, double idRmse, double oodRmse) {
        Map<String, Map<String, List<Double>>> scores = new LinkedHashMap<>();
        scores.put("id-test", Map.of("rmse", List.of(idRmse, idRmse + 0.02, idRmse + 0.04)));
        scores.put("ood.late", Map.of("rmse", List.of(oodRmse, oodRmse, Double.NaN)));
        return new MethodResult(method, 1e-3f, Map.of(1e-3f, 0.9, 1e-2f, Double.NaN), 1234, List.of(1.5, 2.5), scores);
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
                "| method | lr | trainable params | step ms | id-test rmse | ood.late rmse |",
                "| levi | 1e-3 | 1,234 | 2.0 | 0.8200 ± 0.0200 | NaN ± NaN |", "1e-2 → NaN");
        JsonNode json = new ObjectMapper().readTree(files.get(1).toFile());
        assertThat(json.path("methods").get(1).path("scores").path("id-test").path("rmse").path("mean").asDouble())
                .isCloseTo(0.87, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.path("methods").get(0).path("scores").path("ood.late").path("rmse").path("mean").asText())
                .isEqualTo("NaN");
        assertThat(Files.readString(files.get(2))).startsWith("<svg").contains("levi: 0.8200 ± 0.0200");
    }
}
