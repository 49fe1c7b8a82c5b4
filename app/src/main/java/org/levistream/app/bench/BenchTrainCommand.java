package org.levistream.app.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.levistream.app.bench.ThroughputProbe.Measurement;
import org.levistream.app.offline.BackboneSource;
import org.levistream.app.offline.EngineThreads;
import org.levistream.app.offline.ImageSet;
import org.levistream.app.offline.MovieLensSplits;
import org.levistream.app.offline.RatingSet;
import org.levistream.app.offline.Recipes;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.TaskKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code levi bench train}: training throughput ratios on generated data of the benchmarks' shapes. Every number is
 * measured in this run, on this machine, at the same thread count.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Measure training samples/s: LEVI vs full fine-tuning (FT) on the same data, LEVI with and "
                + "without the tap cache, for the recommendation model (MovieLens shapes, batch 200) and the image "
                + "model (28x28, batch 512); then the same LEVI recommendation step in PyTorch "
                + "(bench/levi_step.py, run with Debian's python3) vs ours. Prints every number and the ratios."},
        footerHeading = "%nExamples:%n",
        footer = {"  levi bench train                      1 thread, both tasks, the Python peer too",
            "  levi bench train --threads 2 --steps 500",
            "  levi bench train --task rating --no-python"})
public final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--threads", defaultValue = "1",
            description = "Intra- and inter-op threads for both engines (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--steps", defaultValue = "300", description = "Timed steps per case (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "50", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--task", defaultValue = "all", description = "rating, image or all (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "The Python with torch (default: ${DEFAULT-VALUE}, Debian's python3-torch).")
    String python;

    @Option(names = "--script", defaultValue = "bench/levi_step.py",
            description = "The PyTorch peer (default: ${DEFAULT-VALUE}).")
    Path script;

    @Option(names = "--no-python", description = "Skip the PyTorch peer.")
    boolean noPython;

    @Spec
    CommandSpec spec;

    private static final int RATING_EXAMPLES = 20_000;
    private static final int RATING_WIDTH = 244;
    private static final int IMAGE_EXAMPLES = 4_096;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!List.of("rating", "image", "all").contains(task)) {
            throw new ParameterException(spec.commandLine(), "--task was " + task + " but must be rating, image or all");
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads was " + threads + " but must be at least 1");
        }
        EngineThreads.configure(threads);
        PrintWriter out = spec.commandLine().getOut();
        Device device = Device.cpu();
        out.println(String.format(Locale.ROOT, "engine %s %s, %d thread(s), %s, JDK %s", Engine.getInstance()
                .getEngineName(), Engine.getInstance().getVersion(), threads, device, System.getProperty("java.version")));
        Measurement leviNoCache = null;
        if (!task.equals("image")) {
            leviNoCache = rating(out, device);
        }
        if (!task.equals("rating")) {
            image(out, device);
        }
        if (leviNoCache != null && !noPython) {
            python(out, leviNoCache);
        }
        out.flush();
        return ExitCode.OK;
    }

    private Measurement rating(PrintWriter out, Device device) throws IOException {
        RatingSet data = ratings();
        BackboneSource backbone = () -> BlockBackbone.create(Recipes.ratingBackbone(RATING_WIDTH), 7, device);
        out.println("recommendation: MLP backbone 244-128-64-32 (3 taps), hashed ids 2 x 16384 x 16, batch 200, Adam");
        return compare(out, TaskKind.RATING, backbone, data, 200, device, 1e-3f);
    }

    private void image(PrintWriter out, Device device) throws IOException {
        ImageSet data = images();
        BackboneSource backbone = () -> BlockBackbone.create(Recipes.imageBackbone(), 7, device);
        out.println("images: CNN backbone 16-32-64 filters (3 taps), small CNN 8-16 + 32, batch 512, SGD momentum");
        compare(out, TaskKind.CLASSIFICATION, backbone, data, 512, device, 1e-2f);
    }

    /** Prints LEVI (cache off, on) and FT; returns LEVI without cache, the case the Python peer mirrors. */
    private Measurement compare(PrintWriter out, TaskKind kind, BackboneSource backbone,
                                org.levistream.app.offline.ExampleSet data, int batch, Device device, float lr)
            throws IOException {
        var levi = Recipes.spec(kind, Method.LEVI, lr, 7, 0, Map.of());
        var ft = Recipes.spec(kind, Method.FT, lr, 7, 0, Map.of());
        Measurement noCache = ThroughputProbe.measure(levi, backbone, data, batch, warmup, steps, false, device);
        Measurement cached = ThroughputProbe.measure(levi, backbone, data, batch, warmup, steps, true, device);
        Measurement full = ThroughputProbe.measure(ft, backbone, data, batch, warmup, steps, false, device);
        line(out, "LEVI, no tap cache", noCache);
        line(out, "LEVI, tap cache (warm)", cached);
        line(out, "FT (backbone trains)", full);
        out.println(String.format(Locale.ROOT, "  ratios: LEVI/FT %.2fx without cache, %.2fx with cache; "
                + "cache speed-up for LEVI %.2fx", noCache.samplesPerSecond() / full.samplesPerSecond(),
                cached.samplesPerSecond() / full.samplesPerSecond(),
                cached.samplesPerSecond() / noCache.samplesPerSecond()));
        out.flush();
        return noCache;
    }

    private void python(PrintWriter out, Measurement ours) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            out.println("PyTorch peer: skipped, " + script + " not found (run from the repository root)");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--threads", Integer.toString(threads),
                "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup), "--batch", "200",
                "--width", Integer.toString(RATING_WIDTH), "--buckets", Integer.toString(MovieLensSplits.BUCKETS),
                "--examples", Integer.toString(RATING_EXAMPLES)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            out.println("PyTorch peer failed (" + String.join(" ", cmd) + "):\n" + text);
            return;
        }
        JsonNode peer = new ObjectMapper().readTree(text.lines().reduce((a, b) -> b).orElse("{}"));
        out.println("LEVI recommendation step, same shapes and thread count:");
        line(out, "PyTorch (" + peer.path("engine").asText() + ", python3)",
                new Measurement(peer.path("samples_per_s").asDouble(), peer.path("step_ms").asDouble()));
        line(out, "ours (DJL " + Engine.getDjlVersion() + ", no tap cache)", ours);
        out.println(String.format(Locale.ROOT, "  ratio ours/PyTorch: %.2fx (>= 1.0 means at least as fast)",
                ours.samplesPerSecond() / peer.path("samples_per_s").asDouble()));
    }

    private static void line(PrintWriter out, String label, Measurement m) {
        out.println(String.format(Locale.ROOT, "  %-40s %9.0f samples/s  %7.2f ms/step", label, m.samplesPerSecond(),
                m.stepMillis()));
        out.flush();
    }

    /** Random rows of the MovieLens featurizer's width and random ids: speed does not depend on the values. */
    private static RatingSet ratings() {
        Random r = new Random(11);
        RatingSet set = new RatingSet("bench", RATING_WIDTH);
        float[] row = new float[RATING_WIDTH];
        long[] ids = new long[2];
        for (int i = 0; i < RATING_EXAMPLES; i++) {
            for (int d = 0; d < RATING_WIDTH; d++) {
                row[d] = (float) r.nextGaussian();
            }
            ids[0] = r.nextInt(MovieLensSplits.BUCKETS);
            ids[1] = r.nextInt(MovieLensSplits.BUCKETS);
            set.add(row, 0, ids, 0, (1 + r.nextInt(10)) / 2f, "b" + i);
        }
        return set;
    }

    private static ImageSet images() {
        Random r = new Random(13);
        ImageSet set = new ImageSet("bench", ImageFeaturizer.mnist());
        byte[] image = new byte[ImageFeaturizer.PIXELS];
        for (int i = 0; i < IMAGE_EXAMPLES; i++) {
            r.nextBytes(image);
            set.add(image, r.nextInt(10), "img" + i);
        }
        return set;
    }
}
