package org.levistream.bench.train;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.TapInfo;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.task.SmallModelSpec;

/**
 * The PyTorch peer ({@code bench/levi_step.py}): the same LEVI recommendation step, same shapes, data size and
 * thread count, run by a Python with torch; its last output line is a JSON object with its figures.
 */
final class PythonPeer {
    private PythonPeer() {}

    /** Runs the peer and prints its figures next to ours, and their ratio; a missing or failed peer is reported. */
    static void compare(PrintWriter out, TrainThroughput.Options options, TrainThroughput.RatingCase ours)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(options.script())) {
            out.println("PyTorch peer: skipped, " + options.script() + " not found (run from the repository root)");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(options.python(), options.script().toString(),
                "--threads", Integer.toString(options.threads()), "--steps", Integer.toString(options.steps()),
                "--warmup", Integer.toString(options.warmup()), "--batch", "200",
                "--examples", Integer.toString(TrainThroughput.RATING_EXAMPLES)));
        cmd.addAll(peerModelArguments(ours.spec(), ours.backbone()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(options.threads()));
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            out.println("PyTorch peer failed (" + String.join(" ", cmd) + "):\n" + text);
            return;
        }
        JsonNode peer = new ObjectMapper().readTree(text.lines().reduce((a, b) -> b).orElse("{}"));
        long peerParameters = peer.path("trainable_params").asLong(-1);
        out.println(String.format(Locale.ROOT, "LEVI recommendation step, same shapes and thread count "
                + "(trainable parameters: ours %,d, PyTorch %,d%s):", ours.trainableParameters(), peerParameters,
                peerParameters == ours.trainableParameters() ? "" : "; DIFFERENT MODELS, the ratio is not a peer's"));
        new Measurement(peer.path("samples_per_s").asDouble(), peer.path("step_ms").asDouble())
                .print(out, "PyTorch (" + peer.path("engine").asText() + ", python3)");
        ours.noCache().print(out, "ours (DJL " + Engine.getDjlVersion() + ", no tap cache)");
        out.println(String.format(Locale.ROOT, "  ratio ours/PyTorch: %.2fx (>= 1.0 means at least as fast)",
                ours.noCache().samplesPerSecond() / peer.path("samples_per_s").asDouble()));
    }

    /**
     * The peer's model options, read from the same settings and architecture the Java case trains, so that the two
     * cannot drift apart: backbone widths and taps, projection, head, id tables, learning rate.
     */
    static List<String> peerModelArguments(ModelSpec spec, BackboneArchitecture backbone) {
        List<String> args = new ArrayList<>(List.of("--width", Long.toString(backbone.inputShape().get(0))));
        if (backbone.kind() == BackboneArchitecture.Kind.TWO_TOWER) {
            args.addAll(List.of("--content-features", Integer.toString(backbone.towers().contentFeatures()),
                    "--content-tower", joined(backbone.towers().content()),
                    "--context-tower", joined(backbone.towers().context())));
        } else {
            args.addAll(List.of("--content-features", "0"));
        }
        // LEVI uses every tapped layer, or those named in model.taps; the peer keeps them in network order too.
        List<String> taps = backbone.tappedLayers().stream().map(TapInfo::name)
                .filter(t -> spec.taps().isEmpty() || spec.taps().contains(t)).toList();
        SmallModelSpec small = spec.small();
        args.addAll(List.of("--layers", joined(backbone.widths()), "--taps", String.join(",", taps),
                "--projection", Integer.toString(spec.projectionWidth()),
                "--head-hidden", Integer.toString(spec.headHidden()),
                "--id-fields", Integer.toString(small.idFields()), "--buckets", Integer.toString(small.buckets()),
                "--embedding-dim", Integer.toString(small.embeddingDim()),
                "--small-width", Integer.toString(small.width()),
                "--lr", Float.toString(spec.optimizer().learningRate())));
        return args;
    }

    private static String joined(List<Integer> widths) {
        return widths.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
