package org.levistream.bench.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.experiment.offline.Recipes;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;

@Timeout(180)
class PythonPeerTest {
    /** Debian's python3 with python3-torch, the peer's interpreter; the peer test is skipped without it. */
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void thePeerIsToldTheRecipesTwoTowerBackboneAndLeviSettings() {
        ModelSpec levi = Recipes.spec(TaskKind.RATING, Method.LEVI, 1e-3f, 7, 0, Map.of());

        List<String> args = PythonPeer.peerModelArguments(levi, Recipes.ratingBackbone(244));

        assertThat(String.join(" ", args)).isEqualTo("--width 244 --content-features 121 --content-tower 64,32 "
                + "--context-tower 64,32 --layers 64,32 --taps content1,content2,context1,context2,joint1,joint2 "
                + "--projection 32 --head-hidden 64 --id-fields 2 --buckets 16384 --embedding-dim 16 "
                + "--small-width 32 --lr 0.001");
    }

    @Test
    void thePeerUsesOnlyTheTapsTheSettingsName() {
        ModelSpec levi = Recipes.spec(TaskKind.RATING, Method.LEVI, 1e-3f, 7, 0,
                Map.of(ModelSpec.TAPS, "joint2,content1"));

        List<String> args = PythonPeer.peerModelArguments(levi, Recipes.ratingBackbone(244));

        assertThat(args.get(args.indexOf("--taps") + 1)).isEqualTo("content1,joint2");
    }

    @Test
    void thePythonPeerBuildsAModelWithOursParameterCount() throws Exception {
        assumeThat(torchAvailable()).as(PYTHON + " with torch").isTrue();
        StringWriter out = new StringWriter();

        TrainThroughput.run(new TrainThroughput.Options(1, 2, 1, true, false, true, PYTHON,
                Path.of("../bench/levi_step.py")), new PrintWriter(out));

        assertThat(out.toString())
                .containsPattern("trainable parameters: ours ([\\d,]+), PyTorch \\1\\)")
                .contains("ratio ours/PyTorch")
                .doesNotContain("PyTorch peer failed", "DIFFERENT MODELS", "skipped");
    }

    private static boolean torchAvailable() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
