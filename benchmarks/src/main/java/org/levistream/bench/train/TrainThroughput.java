package org.levistream.bench.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
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
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.task.SmallModelSpec;

/**
 * {@code levi bench train}: training throughput ratios on generated data of the benchmarks' shapes, for the
 * recommendation model (MovieLens shapes, batch 200) and the image model (28x28, batch 512). Every number is measured
 * in this run, on this machine, at the same thread count; then, optionally, the same LEVI recommendation step in
 * PyTorch ({@link PythonPeer}).
 */
public final class TrainThroughput {
    /** Examples of the generated recommendation set; the Python peer generates as many. */
    static final int RATING_EXAMPLES = 20_000;
    /** Columns of the MovieLens featurizer's rows. */
    private static final int RATING_WIDTH = 244;
    private static final int IMAGE_EXAMPLES = 4_096;

    /**
     * What to run.
     *
     * @param threads intra- and inter-op threads for both engines, at least 1
     * @param steps   timed steps per case
     * @param warmup  untimed steps before them
     * @param rating  measure the recommendation model
     * @param image   measure the image model
     * @param peer    also run the PyTorch peer, after the recommendation model
     * @param python  the Python with torch that runs the peer
     * @param script  the peer's script
     */
    public record Options(int threads, int steps, int warmup, boolean rating, boolean image, boolean peer,
                          String python, Path script) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads was " + threads + " but must be at least 1");
            }
            Objects.requireNonNull(python, "python");
            Objects.requireNonNull(script, "script");
        }
    }

    /** The LEVI recommendation case the Python peer mirrors: its settings, backbone and measurement. */
    record RatingCase(ModelSpec spec, BackboneArchitecture backbone, Measurement noCache, long trainableParameters) {}

    private final Options options;
    private final PrintWriter out;
    private final Device device = Device.cpu();

    private TrainThroughput(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Sets the engine's threads, measures the chosen models and the peer, and prints every number and ratio.
     *
     * @param options what to run
     * @param out     where the figures go
     * @throws IOException          if a model cannot be built
     * @throws InterruptedException if interrupted while waiting for the Python peer
     */
    public static void run(Options options, PrintWriter out) throws IOException, InterruptedException {
        EngineThreads.configure(options.threads());
        new TrainThroughput(options, out).cases();
    }

    private void cases() throws IOException, InterruptedException {
        out.println(String.format(Locale.ROOT, "engine %s %s, %d thread(s), %s, JDK %s", Engine.getInstance()
                .getEngineName(), Engine.getInstance().getVersion(), options.threads(), device,
                System.getProperty("java.version")));
        RatingCase rating = options.rating() ? rating() : null;
        if (options.image()) {
            image();
        }
        if (rating != null && options.peer()) {
            PythonPeer.compare(out, options, rating);
        }
        out.flush();
    }

    private RatingCase rating() throws IOException {
        RatingSet data = ratings();
        BackboneArchitecture architecture = Recipes.ratingBackbone(RATING_WIDTH);
        BackboneSource backbone = () -> BlockBackbone.create(architecture, 7, device);
        ModelSpec levi = Recipes.spec(TaskKind.RATING, Method.LEVI, 1e-3f, 7, 0, Map.of());
        SmallModelSpec small = levi.small();
        out.println(String.format(Locale.ROOT, "recommendation: %s; hashed ids %d x %d x %d, batch 200, Adam",
                architecture.summary(), small.idFields(), small.buckets(), small.embeddingDim()));
        Measurement noCache = compare(levi, backbone, data, 200);
        return new RatingCase(levi, architecture, noCache, trainableParameters(levi, backbone));
    }

    private void image() throws IOException {
        ImageSet data = images();
        BackboneSource backbone = () -> BlockBackbone.create(Recipes.imageBackbone(), 7, device);
        out.println("images: CNN backbone 16-32-64 filters (3 taps), small CNN 8-16 + 32, batch 512, SGD momentum");
        compare(Recipes.spec(TaskKind.CLASSIFICATION, Method.LEVI, 1e-2f, 7, 0, Map.of()), backbone, data, 512);
    }

    /** Prints LEVI (cache off, on) and FT; returns LEVI without cache, the case the Python peer mirrors. */
    private Measurement compare(ModelSpec levi, BackboneSource backbone, ExampleSet data, int batch)
            throws IOException {
        ModelSpec ft = levi.toBuilder().method(Method.FT).build();
        int warmup = options.warmup();
        int steps = options.steps();
        Measurement noCache = ThroughputProbe.measure(levi, backbone, data, batch, warmup, steps, false, device);
        Measurement cached = ThroughputProbe.measure(levi, backbone, data, batch, warmup, steps, true, device);
        Measurement full = ThroughputProbe.measure(ft, backbone, data, batch, warmup, steps, false, device);
        noCache.print(out, "LEVI, no tap cache");
        cached.print(out, "LEVI, tap cache (warm)");
        full.print(out, "FT (backbone trains)");
        out.println(String.format(Locale.ROOT, "  ratios: LEVI/FT %.2fx without cache, %.2fx with cache; "
                + "cache speed-up for LEVI %.2fx", noCache.samplesPerSecond() / full.samplesPerSecond(),
                cached.samplesPerSecond() / full.samplesPerSecond(),
                cached.samplesPerSecond() / noCache.samplesPerSecond()));
        out.println(String.format(Locale.ROOT, "  trainable parameters: LEVI %,d, FT %,d",
                trainableParameters(levi, backbone), trainableParameters(ft, backbone)));
        out.flush();
        return noCache;
    }

    private long trainableParameters(ModelSpec spec, BackboneSource backbone) throws IOException {
        try (ModelRun run = ModelRun.create(spec, backbone, device, 0)) {
            return run.trainableParameters();
        }
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
