package org.levistream.ingest.publish;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.pacing.PacingClock;
import org.levistream.ingest.progress.ProgressMeter;
import org.levistream.ingest.resume.CommittedPosition;
import org.levistream.ingest.resume.Fingerprints;
import org.levistream.ingest.resume.IngestCounts;
import org.levistream.ingest.resume.JobId;
import org.levistream.ingest.resume.PositionStore;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest job: reads a source, routes each record by the split file, and publishes it exactly once.
 *
 * <p>The run: create the topics; resolve every topic's schema id; {@code initTransactions()} with the job's
 * transactional id, which fences an older run of the same job and aborts what it left open; read the job's committed
 * position ({@code read_committed}); check that the source, split file and order are those the position was
 * committed with; skip that many results of the (ordered) source; then publish chunk by chunk, each chunk one
 * transaction that ends with the new position. Killed at any instant, the next run with the same arguments finds
 * the topics holding exactly the committed chunks, and continues after them.
 *
 * <p>Records are keyed per DESIGN §3, Avro-encoded in Confluent's wire format, sent by an idempotent producer with
 * {@code acks=all}, lz4 compression and batching (overridable, except what exactly-once rests on). Rejected rows and
 * records that cannot be routed or encoded go to the dead-letter topic in the same transaction; the run goes on.
 *
 * <p>{@link #run()} runs on the caller's thread; {@link #requestStop()} may be called from any other, and makes the
 * run commit its open chunk and return {@link IngestSummary.Outcome#STOPPED}.
 *
 * @param <T> the record type
 */
public final class IngestJob<T> {
    private static final Logger log = LoggerFactory.getLogger(IngestJob.class);
    private static final Duration POSITION_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final IngestConfig config;
    private final IngestSource<T> source;
    private final Consumer<String> progressLines;
    private final JobId job;
    private final LongSupplier nanoTime = System::nanoTime;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /**
     * @param config        the settings
     * @param source        what to read
     * @param progressLines where progress lines go (stderr in the CLI)
     * @throws InvalidConfigException when the split file routes another record type than the source reads, or sends
     *                                records to {@code pretrain} without naming a file
     */
    public IngestJob(IngestConfig config, IngestSource<T> source, Consumer<String> progressLines) {
        this.config = Objects.requireNonNull(config, "config");
        this.source = Objects.requireNonNull(source, "source");
        this.progressLines = Objects.requireNonNull(progressLines, "progressLines");
        checkPlanFitsSource();
        this.job = config.jobId().map(JobId::new).orElseGet(() -> JobId.derive(source.command(), source.inputs(),
                config.split().path(), source.recordOptions()));
    }

    /** The job id: given, or derived from the arguments. */
    public JobId job() {
        return job;
    }

    /** The settings. */
    public IngestConfig config() {
        return config;
    }

    /** The source. */
    public IngestSource<T> source() {
        return source;
    }

    /** Asks {@link #run()} to commit its open chunk and return; safe from any thread. */
    public void requestStop() {
        stopRequested.set(true);
    }

    /**
     * Runs the job to the end of its source, or until stopped.
     *
     * @throws InvalidConfigException when the job's committed position was made from another source, split file or
     *                                order, or the pretrain file belongs to another job
     * @throws IngestFailedException  on a fatal error; what was committed stays, and a rerun continues from it
     * @throws InterruptedException   when the thread is interrupted; nothing uncommitted becomes visible
     */
    public IngestSummary run() throws InterruptedException {
        SplitPlan plan = config.split().plan();
        String sourceFingerprint = Fingerprints.ofInputs(source.inputs());
        log.info("Ingest job {}: {} by {} ({})", job, source.describe(), config.split().path(), config.pacing());
        TopicSetup.create(config, plan.topicNames());
        Map<String, Object> producerProps = ProducerSettings.of(config, job);
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(config.registry())) {
            var serializer = new AvroSerializer<SpecificRecord>(registry, AvroSerdeConfig.from(config.registry()),
                    false);
            var producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                return run(producer, serializer, sourceFingerprint, ProducerSettings.maxRequestSize(producerProps));
            } finally {
                producer.close(PRODUCER_CLOSE_TIMEOUT);
            }
        }
    }

    private IngestSummary run(KafkaProducer<byte[], byte[]> producer, AvroSerializer<SpecificRecord> serializer,
                              String sourceFingerprint, int maxRequestSize) throws InterruptedException {
        SplitPlan plan = config.split().plan();
        var positions = new PositionStore(config.progressTopic());
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            throw new IngestFailedException("starting the transactional producer of job " + job + " failed: "
                    + e.getMessage(), e);
        }
        Optional<CommittedPosition> committed = positions.read(job, config.bootstrapServers(), config.sharedClientSettings(),
                POSITION_READ_TIMEOUT);
        committed.ifPresent(p -> checkSameJob(p, sourceFingerprint));
        Optional<String> pretrainName = plan.usesPretrain()
                ? config.effectivePretrainFile().map(Object::toString) : Optional.empty();
        if (committed.isPresent() && committed.get().completed()) {
            log.info("Job {} was completed by an earlier run; nothing to do", job);
            return summary(committed.get().counts(), IngestSummary.Outcome.ALREADY_COMPLETE, 0, 0, Duration.ZERO,
                    pretrainName);
        }
        IngestCounts counts = committed.map(CommittedPosition::counts).orElseGet(IngestCounts::zero);
        var tally = new Tally(counts);
        try (PretrainFile pretrain = pretrainName.map(name -> new PretrainFile(config.effectivePretrainFile().get(),
                source.format().schema(), job.value(), committed.map(CommittedPosition::pretrainBytes).orElse(0L)))
                .orElse(null)) {
            if (pretrain != null) {
                pretrain.checkResumable();
            }
            var router = new SplitRouter(plan);
            Publisher.warmUp(source.format(), serializer, plan.topicNames());
            var preparer = new Preparer<>(source.format(), router, serializer,
                    new DeadLetters(config.deadLetterTopic(), job.value()), maxRequestSize);
            var publisher = new Publisher(producer, pretrain, tally);
            var identity = new ChunkTransactions.Identity(job, sourceFingerprint, config.split().fingerprint(),
                    config.pacing().order(), pretrainName);
            var chunks = new ChunkTransactions(producer, positions, identity, tally, pretrain, config.chunkSize(),
                    config.commitInterval().toNanos(), nanoTime);
            return publish(preparer, publisher, chunks, tally, counts.results(), pretrainName);
        }
    }

    private IngestSummary publish(Preparer<T> preparer, Publisher publisher, ChunkTransactions chunks,
                                  Tally tally, long skip, Optional<String> pretrainName) throws InterruptedException {
        if (skip > 0) {
            log.info("Job {} resumes after result {}, committed by an earlier run", job, skip);
        }
        try (var results = new ReadAhead<>(source.opener(), config.pacing(), source.format(), preparer, skip,
                job.value()).start()) {
            var meter = new ProgressMeter("ingest " + source.command(), source.estimate().get(),
                    config.progressInterval(), progressLines, nanoTime);
            meter.start(tally.results);
            PacingClock clock = config.pacing().paced() ? new PacingClock(config.pacing().speed(), nanoTime) : null;
            long started = nanoTime.getAsLong();
            while (!stopRequested.get() && results.hasNext()) {
                Prepared prepared = results.next();
                if (clock != null && isPaced(prepared)) {
                    awaitTurn(clock.dueNanos(prepared.eventTime()), chunks);
                }
                chunks.ensureOpen();
                publisher.handle(prepared);
                if (chunks.due()) {
                    chunks.commit(false);
                }
                meter.update(tally.results);
            }
            boolean complete = !results.hasNext();
            chunks.commit(complete);
            Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - started);
            log.info("Job {} {} at result {}: {} transactions in {} ms", job, complete ? "completed" : "stopped",
                    tally.results, chunks.commits(), elapsed.toMillis());
            return summary(tally.snapshot(), complete ? IngestSummary.Outcome.COMPLETE : IngestSummary.Outcome.STOPPED,
                    skip, tally.results - skip, elapsed, pretrainName);
        }
    }

    /**
     * Whether a record waits for its event time: only records that reach a topic do. The pace is the pace of what
     * consumers see, so records the split drops or sends only to the pretrain file pass at once: a live stream cut
     * from the middle of a source starts playing at once instead of after the dropped years.
     */
    private static boolean isPaced(Prepared prepared) {
        return prepared.accepted() && prepared.eventTime() != null
                && prepared.outgoing().stream().anyMatch(o -> o.topic() != null);
    }

    /** Waits until the record's due time, committing the open chunk when its deadline comes first. */
    private void awaitTurn(long dueNanos, ChunkTransactions chunks) throws InterruptedException {
        while (!stopRequested.get()) {
            long now = nanoTime.getAsLong();
            if (now - dueNanos >= 0) {
                return;
            }
            if (chunks.isOpen() && now - chunks.deadline() >= 0) {
                chunks.commit(false);   // records published so far become visible while the stream waits
                continue;
            }
            long wakeAt = chunks.isOpen() && chunks.deadline() - dueNanos < 0 ? chunks.deadline() : dueNanos;
            TimeUnit.NANOSECONDS.sleep(Math.min(wakeAt - now, MAX_SLEEP_NANOS));
        }
    }

    private IngestSummary summary(IngestCounts counts, IngestSummary.Outcome outcome, long skipped, long runResults,
                                  Duration elapsed, Optional<String> pretrainName) {
        return new IngestSummary(job, source.describe(), counts, outcome, skipped, runResults, elapsed, pretrainName,
                config.deadLetterTopic());
    }

    private void checkPlanFitsSource() {
        SplitPlan plan = config.split().plan();
        String file = "split file " + config.split().path();
        if (plan.records() != source.format().kind()) {
            throw new InvalidConfigException(List.of(file + ": records was '" + plan.records().yamlName() + "' but "
                    + "must be '" + source.format().kind().yamlName() + "' to ingest " + source.command()));
        }
        if (plan.usesPretrain() && config.effectivePretrainFile().isEmpty()) {
            throw new InvalidConfigException(List.of(file + ": pretrainFile is missing but a rule sends records to "
                    + "pretrain; name the file there or with --pretrain-file"));
        }
    }

    private void checkSameJob(CommittedPosition p, String sourceFingerprint) {
        String since = "since job " + job + " committed " + p.results() + " results";
        String fresh = "; to ingest anyway, start a new job with --job-id (its records go to the topics again)";
        if (!p.sourceFingerprint().equals(sourceFingerprint)) {
            throw new InvalidConfigException(List.of("input " + source.describe() + " changed " + since
                    + " (fingerprint was " + p.sourceFingerprint() + ", is " + sourceFingerprint + "); restore it"
                    + fresh));
        }
        if (!p.planFingerprint().equals(config.split().fingerprint())) {
            throw new InvalidConfigException(List.of("split file " + config.split().path() + " changed " + since
                    + " (fingerprint was " + p.planFingerprint() + ", is " + config.split().fingerprint()
                    + "); restore it" + fresh));
        }
        if (!p.order().equals(config.pacing().order())) {
            throw new InvalidConfigException(List.of("order was '" + config.pacing().order() + "' but must be '"
                    + p.order() + "', the order job " + job + " committed " + p.results() + " results in: use the "
                    + "same --speed and --reorder-window as the first run (any nonzero speed works with the same "
                    + "window)"));
        }
    }
}
