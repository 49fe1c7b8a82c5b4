package org.levistream.app.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.levistream.ingest.pacing.Pacing;
import org.levistream.ingest.publish.IngestConfig;
import org.levistream.ingest.publish.IngestJob;
import org.levistream.ingest.publish.IngestSource;
import org.levistream.ingest.publish.IngestSources;
import org.levistream.ingest.publish.IngestSummary;
import org.levistream.ingest.publish.SplitFile;
import org.levistream.ingest.readers.ImageSourceOptions;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.ingest.split.CopyRule;
import org.levistream.ingest.split.Destination;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.ingest.split.SplitRule;

/**
 * One stream's sources into its topics, as {@code levi ingest} with the shipped split files would put them, in two
 * passes: first the held-out and OOD topics, as fast as possible, so that every version is scored on the same records
 * from the start; then the live topic, in event-time order at a speed that plays it in a set time while the trainers
 * follow it. Each pass routes every record exactly as the split file does; it only leaves out the other pass's
 * destinations.
 */
final class StreamFeed implements AutoCloseable {
    /** When the first image happened, as {@code levi ingest images} sets it by default. */
    static final Instant FIRST_IMAGE = Instant.parse("2024-01-01T00:00:00Z");
    /** Event time between images, as {@code levi ingest images} sets it by default. */
    static final Duration IMAGE_STEP = Duration.ofMillis(100);

    private final String name;
    private final List<IngestSource<?>> heldOutSources;
    private final IngestSource<?> liveSource;
    private final SplitFile split;
    private final AtomicReference<IngestJob<?>> running = new AtomicReference<>();
    private Thread liveThread;
    private volatile IngestSummary liveSummary;
    private volatile Throwable liveFailure;

    private StreamFeed(String name, List<IngestSource<?>> heldOutSources, IngestSource<?> liveSource, SplitFile split) {
        this.name = name;
        this.heldOutSources = heldOutSources;
        this.liveSource = liveSource;
        this.split = split;
    }

    /** The MovieLens ratings by {@code config/split-movielens.yaml}. */
    static StreamFeed movieLens(Path data, DemoConfigs configs) {
        IngestSource<?> ratings = IngestSources.movielens(data.resolve("movielens/movielens.csv"));
        return new StreamFeed("interactions", List.of(ratings), ratings, SplitFile.load(configs.movieLensSplit()));
    }

    /**
     * MNIST's training file (live), its test files (held out, and rotated: OOD) and the optical digits (OOD) by
     * {@code config/split-digits.yaml}.
     */
    static StreamFeed digits(Path data, DemoConfigs configs) {
        IngestSource<?> mnist = IngestSources.images(IngestSources.ImageLayout.IDX,
                data.resolve("mnist/train-images-idx3-ubyte"), null, images("mnist"));
        IngestSource<?> mnistTest = IngestSources.images(IngestSources.ImageLayout.IDX,
                data.resolve("mnist/t10k-images-idx3-ubyte"), null, images("mnist-test"));
        IngestSource<?> optical = IngestSources.images(IngestSources.ImageLayout.DIGITS_CSV,
                data.resolve("digits/digits.csv.gz"), null, images("optical-digits"));
        return new StreamFeed("images", List.of(mnistTest, optical), mnist, SplitFile.load(configs.digitsSplit()));
    }

    private static ImageSourceOptions images(String domain) {
        return new ImageSourceOptions(domain, 10, 28, 28, FIRST_IMAGE, IMAGE_STEP);
    }

    /** The stream's name, as in its topics ({@code levi.<name>}). */
    String name() {
        return name;
    }

    /** The live topic. */
    String liveTopic() {
        return split.plan().topics().topic(Destination.LIVE).orElseThrow();
    }

    /**
     * Publishes the held-out and OOD records, every source to its end.
     *
     * @param kafka the connection and topic settings every pass shares
     * @return one summary per source
     * @throws InterruptedException if interrupted
     */
    List<IngestSummary> publishHeldOut(KafkaTarget kafka) throws InterruptedException {
        List<IngestSummary> summaries = new ArrayList<>();
        SplitFile heldOut = part(split, "held-out", false);
        for (int i = 0; i < heldOutSources.size(); i++) {
            summaries.add(run(job(kafka, heldOut, Pacing.asFastAsPossible(), heldOutSources.get(i),
                    "held-out-" + i)));
        }
        return summaries;
    }

    /**
     * Starts publishing the live records on a thread of its own, in event-time order, at the speed that plays them
     * in {@code play}.
     *
     * @param kafka the connection and topic settings
     * @param play  how long the live records should take
     * @return the event-time seconds played per second
     */
    double startLive(KafkaTarget kafka, Duration play) {
        SplitFile live = part(split, "live", true);
        Duration span = liveSpan(liveSource, live.plan());
        double speed = Math.max(1.0, span.toMillis() / (double) Math.max(1, play.toMillis()));
        IngestJob<?> job = job(kafka, live, Pacing.eventTime(speed, Pacing.DEFAULT_REORDER_WINDOW), liveSource,
                "live");
        liveThread = new Thread(() -> {
            try {
                liveSummary = run(job);
            } catch (Throwable t) {
                liveFailure = t;
            }
        }, "demo-live-" + name);
        liveThread.setDaemon(true);
        liveThread.start();
        return speed;
    }

    /** The live pass's summary once it has ended; {@code null} before. */
    IngestSummary liveSummary() {
        return liveSummary;
    }

    /** Why the live pass failed; {@code null} if it did not. */
    Throwable liveFailure() {
        return liveFailure;
    }

    /** Stops the live pass (it commits what it published) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        IngestJob<?> job = running.get();
        if (job != null) {
            job.requestStop();
        }
        if (liveThread != null) {
            liveThread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** A pass over one source; the job id names the pass, since both passes read the same files. */
    private <T> IngestJob<T> job(KafkaTarget kafka, SplitFile file, Pacing pacing, IngestSource<T> source,
                                 String pass) {
        IngestConfig config = IngestConfig.builder(kafka.bootstrapServers(), kafka.registryUrl(), file)
                .jobId("levi-demo-" + name + "-" + pass)
                .pacing(pacing)
                .chunks(IngestConfig.DEFAULT_CHUNK_SIZE, Duration.ofMillis(500))
                .progressInterval(Duration.ZERO)
                .build();
        return new IngestJob<>(config, source, line -> { });
    }

    private IngestSummary run(IngestJob<?> job) throws InterruptedException {
        running.set(job);
        try {
            return job.run();
        } finally {
            running.set(null);
        }
    }

    /**
     * The split file's plan with only one pass's destinations: the live topic, or the held-out and OOD topics.
     * Everything else (the other pass's topics, the pretrain file) is dropped; the fingerprint names the pass, so
     * each pass is a job of its own.
     */
    static SplitFile part(SplitFile file, String pass, boolean live) {
        List<SplitRule> rules = new ArrayList<>();
        for (SplitRule rule : file.plan().rules()) {
            Destination to = keeps(rule.to(), live) ? rule.to() : Destination.DROP;
            List<CopyRule> copies = rule.copies().stream().filter(c -> keeps(c.to(), live)).toList();
            rules.add(new SplitRule(rule.index(), rule.name(), rule.match(), to, copies));
        }
        SplitPlan plan = new SplitPlan(file.plan().topics(), file.plan().records(), java.util.Optional.empty(), rules);
        return new SplitFile(file.path(), plan, file.fingerprint() + "/" + pass);
    }

    private static boolean keeps(Destination to, boolean live) {
        return live ? to.kind() == Destination.Kind.LIVE
                : to.kind() == Destination.Kind.HOLDOUT || to.kind() == Destination.Kind.OOD;
    }

    /** From the first to the last event time of the records the plan sends to the live topic. */
    static <T> Duration liveSpan(IngestSource<T> source, SplitPlan plan) {
        SplitRouter router = new SplitRouter(plan);
        Instant first = null;
        Instant last = null;
        try (RecordReader<T> reader = source.opener().get()) {
            while (reader.hasNext()) {
                if (reader.next() instanceof ReadResult.Accepted<T> accepted
                        && source.format().route(router, accepted.value()).destination().kind()
                                == Destination.Kind.LIVE) {
                    Instant at = source.format().eventTime(accepted.value());
                    first = first == null || at.isBefore(first) ? at : first;
                    last = last == null || at.isAfter(last) ? at : last;
                }
            }
        }
        return first == null ? Duration.ZERO : Duration.between(first, last);
    }

    /**
     * Where the feeds publish.
     *
     * @param bootstrapServers the brokers
     * @param registryUrl      the schema registry
     */
    record KafkaTarget(String bootstrapServers, String registryUrl) {
    }
}
