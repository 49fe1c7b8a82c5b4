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
import java.util.stream.Collectors;
import org.levistream.app.bench.ThroughputProbe.Measurement;
import org.levistream.experiment.offline.EngineThreads;
import org.levistream.experiment.offline.ExampleSet;
import org.levistream.experiment.offline.ImageSet;
import org.levistream.experiment.offline.ModelRun;
import org.levistream.experiment.offline.MovieLensSplits;
import org.levistream.experiment.offline.RatingSet;
import org.levistream.experiment.offline.Recipes;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.backbone.TapInfo;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.task.SmallModelSpec;
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
        RatingCase rating = null;
        if (!task.equals("image")) {
            rating = rating(out, device);
        }
        if (!task.equals("rating")) {
            image(out, device);
        }
        if (rating != null && !noPython) {
            python(out, rating);
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The LEVI recommendation case the Python peer mirrors: its settings, backbone and measurement. */
    private record RatingCase(ModelSpec spec, BackboneArchitecture backbone, Measurement noCache,
                              long trainableParameters) {}

    private RatingCase rating(PrintWriter out, Device device) throws IOException {
        RatingSet data = ratings();
        BackboneArchitecture architecture = Recipes.ratingBackbone(RATING_WIDTH);
        BackboneSource backbone = () -> BlockBackbone.create(architecture, 7, device);
        ModelSpec levi = Recipes.spec(TaskKind.RATING, Method.LEVI, 1e-3f, 7, 0, Map.of());
        SmallModelSpec small = levi.small();
        out.println(String.format(Locale.ROOT, "recommendation: %s; hashed ids %d x %d x %d, batch 200, Adam",
                architecture.summary(), small.idFields(), small.buckets(), small.embeddingDim()));
        Measurement noCache = compare(out, levi, backbone, data, 200, device);
        return new RatingCase(levi, architecture, noCache, trainableParameters(levi, backbone, device));
    }

    private void image(PrintWriter out, Device device) throws IOException {
        ImageSet data = images();
        BackboneSource backbone = () -> BlockBackbone.create(Recipes.imageBackbone(), 7, device);
        out.println("images: CNN backbone 16-32-64 filters (3 taps), small CNN 8-16 + 32, batch 512, SGD momentum");
        compare(out, Recipes.spec(TaskKind.CLASSIFICATION, Method.LEVI, 1e-2f, 7, 0, Map.of()), backbone, data, 512,
                device);
    }

    /** Prints LEVI (cache off, on) and FT; returns LEVI without cache, the case the Python peer mirrors. */
    private Measurement compare(PrintWriter out, ModelSpec levi, BackboneSource backbone, ExampleSet data, int batch,
                                Device device) throws IOException {
        ModelSpec ft = levi.toBuilder().method(Method.FT).build();
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
        out.println(String.format(Locale.ROOT, "  trainable parameters: LEVI %,d, FT %,d",
                trainableParameters(levi, backbone, device), trainableParameters(ft, backbone, device)));
        out.flush();
        return noCache;
    }

    private static long trainableParameters(ModelSpec spec, BackboneSource backbone, Device device)
            throws IOException {
        try (ModelRun run = ModelRun.create(spec, backbone, device, 0)) {
            return run.trainableParameters();
        }
    }

    private void python(PrintWriter out, RatingCase ours) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            out.println("PyTorch peer: skipped, " + script + " not found (run from the repository root)");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--threads", Integer.toString(threads),
                "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup), "--batch", "200",
                "--examples", Integer.toString(RATING_EXAMPLES)));
        cmd.addAll(peerModelArguments(ours.spec(), ours.backbone()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
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
        line(out, "PyTorch (" + peer.path("engine").asText() + ", python3)",
                new Measurement(peer.path("samples_per_s").asDouble(), peer.path("step_ms").asDouble()));
        line(out, "ours (DJL " + Engine.getDjlVersion() + ", no tap cache)", ours.noCache());
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
