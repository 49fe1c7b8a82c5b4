package org.levistream.evaluator.scoring;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.config.HeldOutTopic;
import org.levistream.evaluator.report.TopicScore;
import org.levistream.evaluator.report.VersionReport;
import org.levistream.evaluator.topology.EvaluatorTopology;
import org.levistream.evaluator.topology.WorkItem;
import org.levistream.model.metrics.Scorer;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator's work, one instance per stream task: keeps the held-out samples, queues announced versions per
 * experiment, and scores them from a wall-clock punctuator in bounded slices, each slice's result and the cursor
 * written to changelogged stores in the same transaction as any output. A version's metrics and alerts are sent
 * together when its last slice is scored, so a restart never sends them twice (exactly-once) and never loses them.
 *
 * <p>A punctuation scores slices for up to {@link #BUDGET} of wall time, taking the busy experiments in turn: no call
 * comes near the transaction timeout however large the samples. A version's model is loaded at its first slice,
 * kept for the others and closed when the version is reported; it belongs to this task's stream thread.
 */
public final class VersionScorer implements Processor<String, WorkItem, String, Object> {
    /** Wall time one punctuation may spend scoring. */
    static final Duration BUDGET = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(VersionScorer.class);

    private final EvaluatorConfig config;
    private final VersionLoader loader;
    private final HeldOutDecoder decoder;
    private final ScoringMetrics metrics;
    private final Map<String, HeldOutTopic> topics = new LinkedHashMap<>();
    /** Loaded models by experiment; each is the model of that experiment's current job. */
    private final Map<String, Loaded> models = new HashMap<>();
    /**
     * The sampled records decoded, by topic and priority: every version is scored on the same sample, so a record
     * is read from the store and decoded once, not once per version. Filled as records join the sample and on the
     * first read after a restart; emptied at init, so it never outlives the store it mirrors.
     */
    private final Map<String, Map<Long, Object>> decoded = new HashMap<>();
    /**
     * Per topic, the decoded records of the last snapshot scored, in snapshot order: while the sample does not change,
     * every version has the same snapshot and its slices take the records from here without a lookup each.
     */
    private final Map<String, Aligned> aligned = new HashMap<>();

    private record Aligned(long[] snapshot, Object[] records) {}
    /** When each experiment's oldest waiting version first waited, in this run (wall clock). */
    private final Map<String, Long> waitingSince = new HashMap<>();

    private ProcessorContext<String, Object> context;
    private Prequential prequential;
    private HeldOutSample sample;
    private SliceStore work;
    private KeyValueStore<String, String> experiments;
    private long lastSampleChange;
    private int turn;
    /**
     * Every experiment's state, as the store holds it or will at the end of this punctuation: read from the store once
     * at init, so that neither a held-out record nor a round of slices parses every state's JSON again.
     */
    private final Map<String, ExperimentState> states = new LinkedHashMap<>();
    /**
     * Experiments whose state changed in this punctuation, written to the store when it ends: one write per
     * experiment and punctuation instead of one per slice, as safe since a punctuation's writes commit in one
     * transaction.
     */
    private final java.util.Set<String> unsaved = new java.util.LinkedHashSet<>();
    private boolean punctuating;

    private record Loaded(long version, LoadedVersion model) {}

    /**
     * Creates the processor.
     *
     * @param config  the settings
     * @param loader  opens versions
     * @param decoder reads held-out records
     * @param metrics the meters
     */
    public VersionScorer(EvaluatorConfig config, VersionLoader loader, HeldOutDecoder decoder, ScoringMetrics metrics) {
        this.config = config;
        this.loader = loader;
        this.decoder = decoder;
        this.metrics = metrics;
        config.holdoutTopics().forEach(t -> topics.put(t, HeldOutTopic.parse(t).orElseThrow()));
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.sample = new HeldOutSample(context.getStateStore(EvaluatorTopology.SAMPLE_STORE),
                context.getStateStore(EvaluatorTopology.SAMPLE_COUNT_STORE), config.sampleSize(), config.sampleSeed());
        this.work = new SliceStore(context.getStateStore(EvaluatorTopology.SNAPSHOT_STORE),
                context.getStateStore(EvaluatorTopology.SLICE_STORE),
                context.getStateStore(EvaluatorTopology.REFERENCE_STORE));
        this.experiments = context.getStateStore(EvaluatorTopology.EXPERIMENT_STORE);
        this.decoded.clear();
        this.states.clear();
        try (KeyValueIterator<String, String> it = experiments.all()) {
            it.forEachRemaining(kv -> states.put(kv.key, ExperimentState.fromJson(kv.value)));
        }
        this.aligned.clear();
        this.lastSampleChange = context.currentSystemTimeMs();
        if (!config.prequentialWindow().isZero()) {
            prequential = new Prequential(config.prequentialWindow(), config.sliceRecords(), topics, loader, decoder,
                    context);
        }
        context.schedule(config.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, WorkItem> record) {
        if (record.value() instanceof WorkItem.HeldOut held) {
            if (!topics.containsKey(held.topic())) {
                return;
            }
            HeldOutSample.Offer offer = sample.offer(held);
            if (offer.joined()) {
                lastSampleChange = context.currentSystemTimeMs();
                metrics.recordSampled();
                Map<Long, Object> topic = decoded.computeIfAbsent(held.topic(), t -> new HashMap<>());
                topic.remove(offer.evicted());
                Object value = decodeOrNull(held);
                if (value != null) {
                    topic.put(offer.priority(), value);
                }
            }
            if (prequential != null) {
                prequential.arrived(held, all());
            }
        } else if (record.value() instanceof WorkItem.Version version) {
            ExperimentState before = state(version.experiment());
            ExperimentState after = before.announce(version, config.queueMax());
            if (after != before) {
                log.info("Version {} of {} announced ({} waiting)", version.version(), version.experiment(),
                        after.waiting().size());
                if (after.skipped() > before.skipped()) {
                    log.warn("{}: more than {} versions waited ({}); skipped the oldest",
                            version.experiment(), config.queueMax(), EvaluatorConfig.QUEUE_MAX);
                    metrics.versionsSkipped(after.skipped() - before.skipped());
                }
                save(after);
            }
        }
    }

    /**
     * Scores for up to {@link #BUDGET}: the busy experiments in turn, one step each.
     *
     * @param now the wall clock, millis
     */
    void punctuate(long now) {
        punctuating = true;
        try {
            score(now);
        } finally {
            punctuating = false;
            long started = System.nanoTime();
            boolean wrote = !unsaved.isEmpty();
            unsaved.forEach(experiment -> experiments.put(experiment, states.get(experiment).toJson()));
            unsaved.clear();
            work.flush();
            if (wrote) {
                metrics.storeWrites(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }

    private void score(long now) {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        boolean progressed = true;
        while (progressed && System.nanoTime() < deadline) {
            progressed = false;
            List<ExperimentState> busy = busy();
            for (int i = 0; i < busy.size() && System.nanoTime() < deadline; i++) {
                progressed |= step(busy.get((turn + i) % busy.size()), now);
            }
            turn++;
        }
        if (prequential != null) {
            Map<String, ExperimentState> states = new HashMap<>();
            all().forEach(st -> states.put(st.experiment(), st));
            while (System.nanoTime() < deadline && prequential.score(states, context, now)) {
                // one slice per turn until the budget is spent or nothing waits
            }
        }
    }

    @Override
    public void close() {
        models.values().forEach(l -> l.model().close());
        models.clear();
        if (prequential != null) {
            prequential.close();
        }
    }

    private boolean step(ExperimentState state, long now) {
        if (state.job() == null) {
            return start(state, now);
        }
        ExperimentState.Job job = state.job();
        LoadedVersion model = model(job);
        if (model == null) {
            work.forget(state.experiment(), job.version().version());
            save(state.finish(job.version().version(), state.referenceVersion(), state.open()));
        } else {
            try {
                if (job.done()) {
                    finish(state, model, now);
                } else {
                    slice(state, job, model);
                }
            } catch (RuntimeException e) {
                // A model that cannot score its records (a bug, a shape the checks missed) must not stop the
                // evaluator: the version is given up, said and counted, and the others go on.
                log.warn("Gave up version {} of {}: scoring failed: {}", job.version().version(), state.experiment(),
                        e.toString());
                metrics.versionRefused("scoring-failed");
                replaceModel(state.experiment(), null);
                work.forget(state.experiment(), job.version().version());
                save(state.finish(job.version().version(), state.referenceVersion(), state.open()));
            }
        }
        return true;
    }

    /**
     * Starts the oldest waiting version once every held-out topic of its streams holds records and no record joined
     * a sample for {@code evaluator.start.quiet}, or once it has waited {@code evaluator.start.wait.max}: at a cold
     * start the held-out topics and the announcements are read side by side, and a version scored on a half-read
     * sample would be compared on other records than the next.
     */
    private boolean start(ExperimentState state, long now) {
        WorkItem.Version version = state.waiting().get(0);
        String waitKey = version.experiment() + "/" + version.version();
        long since = waitingSince.computeIfAbsent(waitKey, k -> now);
        LoadedVersion model = loadedOrRefused(state, version);
        if (model == null) {
            waitingSince.remove(waitKey);
            return true;
        }
        List<String> relevant = topicsOf(model, false);
        boolean ready = relevant.stream().allMatch(t -> sample.seen(t) > 0)
                && now - lastSampleChange >= config.startQuiet().toMillis();
        if (!ready && now - since < config.startWaitMax().toMillis()) {
            return false;
        }
        waitingSince.remove(waitKey);
        List<String> scored = topicsOf(model, true);
        if (scored.isEmpty()) {
            replaceModel(version.experiment(), null);
            log.warn("Refused version {} of {}: none of {} holds records of the streams it was trained on {}",
                    version.version(), version.experiment(), EvaluatorConfig.HOLDOUT_TOPICS, model.streams());
            metrics.versionRefused("no-holdout");
            save(state.finish(version.version(), state.referenceVersion(), state.open()));
            return true;
        }
        scored.forEach(t -> work.putSnapshot(version.experiment(), version.version(), t, sample.snapshot(t)));
        save(state.start(new ExperimentState.Job(version, scored, 0, 0, 0, now)));
        return true;
    }

    /** The waiting version's model, loaded once; null (logged, counted, and the version dropped) if refused. */
    private LoadedVersion loadedOrRefused(ExperimentState state, WorkItem.Version version) {
        Loaded loaded = models.get(version.experiment());
        if (loaded != null && loaded.version() == version.version()) {
            return loaded.model();
        }
        try {
            LoadedVersion model = loader.load(version);
            replaceModel(version.experiment(), new Loaded(version.version(), model));
            return model;
        } catch (VersionRefusedException e) {
            log.warn("Refused {}", e.getMessage());
            metrics.versionRefused(e.reason());
        } catch (IOException | RuntimeException e) {
            log.warn("Refused version {} of {}: {}", version.version(), version.experiment(), e.toString());
            metrics.versionRefused("unreadable");
        }
        save(state.finish(version.version(), state.referenceVersion(), state.open()));
        return null;
    }

    /** The configured held-out topics of the streams a version was trained on (those holding records only if asked): ID first. */
    private List<String> topicsOf(LoadedVersion model, boolean holdingRecords) {
        List<String> out = new ArrayList<>();
        for (boolean idPass : new boolean[] {true, false}) {
            for (HeldOutTopic t : topics.values()) {
                boolean id = t.split() == org.levistream.schemas.avro.Split.ID;
                if (id == idPass && model.streams().contains(t.stream())
                        && (!holdingRecords || sample.seen(t.topic()) > 0)) {
                    out.add(t.topic());
                }
            }
        }
        return out;
    }

    private void slice(ExperimentState state, ExperimentState.Job job, LoadedVersion model) {
        long started = System.nanoTime();
        String experiment = state.experiment();
        long version = job.version().version();
        String topic = job.topics().get(job.topicIndex());
        long[] snapshot = work.snapshot(experiment, version, topic);
        int to = Math.min(snapshot.length, job.cursor() + config.sliceRecords());
        List<Object> records = new ArrayList<>();
        long[] ids = new long[to - job.cursor()];
        int n = 0;
        int unreadable = 0;
        Object[] inOrder = inSnapshotOrder(topic, snapshot);
        for (int i = job.cursor(); i < to; i++) {
            Object record = inOrder[i];
            if (record == null || !model.batches().accepts(record)) {
                unreadable++;
            } else {
                records.add(record);
                ids[n++] = snapshot[i];
            }
        }
        if (!records.isEmpty()) {
            Scorer.Scored scored = Scorer.scoreEach(model.model(), null, records, model.batches()::batch,
                    model.batches()::label, Scorer.DEFAULT_CHUNK);
            work.putSlice(experiment, version, topic, job.slice(), java.util.Arrays.copyOf(ids, n), scored.examples());
        }
        save(state.progress(job.advance(to - job.cursor(), snapshot.length)));
        metrics.slice(n, unreadable, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The snapshot's records, decoded, in its order; reused while the snapshot is the same. */
    private Object[] inSnapshotOrder(String topic, long[] snapshot) {
        Aligned cached = aligned.get(topic);
        if (cached != null && java.util.Arrays.equals(cached.snapshot(), snapshot)) {
            return cached.records();
        }
        Object[] records = new Object[snapshot.length];
        for (int i = 0; i < snapshot.length; i++) {
            records[i] = sampled(topic, snapshot[i]);
        }
        aligned.put(topic, new Aligned(snapshot, records));
        return records;
    }

    /** A sampled record, decoded; null when it has left the sample or cannot be read. */
    private Object sampled(String topic, long priority) {
        Map<Long, Object> cached = decoded.computeIfAbsent(topic, t -> new HashMap<>());
        Object record = cached.get(priority);
        if (record == null) {
            WorkItem.HeldOut held = sample.get(topic, priority);
            record = held == null ? null : decodeOrNull(held);
            if (record != null) {
                cached.put(priority, record);
            }
        }
        return record;
    }

    private Object decodeOrNull(WorkItem.HeldOut held) {
        try {
            return decoder.decode(held);
        } catch (RuntimeException e) {
            log.debug("Unreadable held-out record {}-{}@{}: {}", held.topic(), held.partition(), held.offset(),
                    e.getMessage());
            return null;
        }
    }

    private void finish(ExperimentState state, LoadedVersion model, long now) {
        ExperimentState.Job job = state.job();
        String experiment = state.experiment();
        long version = job.version().version();
        List<TopicScore> scores = new ArrayList<>();
        for (String t : job.topics()) {
            TopicScore s = work.scoring(experiment, version, topics.get(t), model.model().spec().task());
            if (s.priorities().length > 0) {
                scores.add(s);
            }
        }
        VersionReport report = VersionReport.of(experiment, version, scores, reference(state, job), state.open(),
                config.alerts(), Instant.ofEpochMilli(now));
        report.metrics().forEach(m -> context.forward(new Record<>(VersionReport.key(m), m, now),
                EvaluatorTopology.METRICS_SINK));
        report.alerts().forEach(a -> context.forward(new Record<>(a.getExperiment(), a, now),
                EvaluatorTopology.ALERTS_SINK));
        long reference = becomesReference(state, version, report) ? version : state.referenceVersion();
        if (reference == version) {
            work.putReference(experiment, scores);
        }
        work.forget(experiment, version);
        save(state.finish(version, reference, report.open()).current(job.version(), model.streams()));
        replaceModel(experiment, null);
        metrics.versionScored(Duration.ofMillis(now - job.version().createdAt()));
        log.info("Scored version {} of {} on {} topics in {} ms: {} metrics, {} alerts; reference now {}", version,
                experiment, scores.size(), now - job.startedAt(), report.metrics().size(), report.alerts().size(),
                reference);
    }

    private boolean becomesReference(ExperimentState state, long version, VersionReport report) {
        return config.pinnedReference() >= 0 ? version == config.pinnedReference() : report.clean();
    }

    private Optional<VersionReport.Reference> reference(ExperimentState state, ExperimentState.Job job) {
        if (state.referenceVersion() < 0) {
            return Optional.empty();
        }
        Map<String, TopicScore> scores = new HashMap<>();
        for (String t : job.topics()) {
            TopicScore s = work.reference(state.experiment(), topics.get(t));
            if (s != null) {
                scores.put(t, s);
            }
        }
        return Optional.of(new VersionReport.Reference(state.referenceVersion(), scores));
    }

    /** The job's model: loaded at its start, or again after a restart; null (logged, counted) if it is gone since. */
    private LoadedVersion model(ExperimentState.Job job) {
        Loaded loaded = models.get(job.version().experiment());
        if (loaded != null && loaded.version() == job.version().version()) {
            return loaded.model();
        }
        try {
            LoadedVersion model = loader.load(job.version());
            replaceModel(job.version().experiment(), new Loaded(job.version().version(), model));
            return model;
        } catch (VersionRefusedException e) {
            log.warn("Gave up {} after a restart: {}", job.version().version(), e.getMessage());
            metrics.versionRefused(e.reason());
        } catch (IOException | RuntimeException e) {
            log.warn("Gave up version {} of {} after a restart: {}", job.version().version(),
                    job.version().experiment(), e.toString());
            metrics.versionRefused("unreadable");
        }
        return null;
    }

    private void replaceModel(String experiment, Loaded next) {
        Loaded previous = next == null ? models.remove(experiment) : models.put(experiment, next);
        if (previous != null && previous != next) {
            previous.model().close();
        }
    }

    private List<ExperimentState> busy() {
        return all().stream().filter(ExperimentState::busy).toList();
    }

    private List<ExperimentState> all() {
        return new ArrayList<>(states.values());
    }

    private ExperimentState state(String experiment) {
        return states.getOrDefault(experiment, ExperimentState.fresh(experiment));
    }

    private void save(ExperimentState state) {
        states.put(state.experiment(), state);
        if (punctuating) {
            unsaved.add(state.experiment());
        } else {
            experiments.put(state.experiment(), state.toJson());
        }
    }
}
