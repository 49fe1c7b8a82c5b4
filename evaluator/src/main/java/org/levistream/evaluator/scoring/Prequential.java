package org.levistream.evaluator.scoring;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.levistream.evaluator.config.HeldOutTopic;
import org.levistream.evaluator.report.MetricInterval;
import org.levistream.evaluator.report.WindowSums;
import org.levistream.evaluator.topology.EvaluatorTopology;
import org.levistream.evaluator.topology.WorkItem;
import org.levistream.model.metrics.Scorer;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prequential scoring: each held-out record that arrives after an experiment has a scored version is scored by that
 * version (the one current when the record arrived), and the results are summed per tumbling event-time window of
 * {@code evaluator.prequential.window}. A window's metrics go to {@code levi.metrics} with {@code windowStart} and
 * {@code windowEnd} set, once the topic's event time passes the window's end; records later than that are counted
 * and dropped. Arrivals wait in a changelogged store and are scored in slices from the punctuator, like versions.
 */
final class Prequential {
    private static final Logger log = LoggerFactory.getLogger(Prequential.class);
    private static final char SEP = '\u0000';

    private final Duration window;
    private final int slice;
    private final Map<String, HeldOutTopic> topics;
    private final VersionLoader loader;
    private final HeldOutDecoder decoder;
    private final KeyValueStore<String, byte[]> pending;
    private final KeyValueStore<String, byte[]> windows;
    private final KeyValueStore<String, Long> clocks;
    /** The current version's model per experiment, for prequential scoring only. */
    private final Map<String, LoadedVersion> models = new HashMap<>();
    private final Map<String, Long> modelVersions = new HashMap<>();
    private long sequence;

    Prequential(Duration window, int slice, Map<String, HeldOutTopic> topics, VersionLoader loader,
                HeldOutDecoder decoder, ProcessorContext<String, Object> context) {
        this.window = window;
        this.slice = slice;
        this.topics = topics;
        this.loader = loader;
        this.decoder = decoder;
        this.pending = context.getStateStore(EvaluatorTopology.PREQUENTIAL_PENDING_STORE);
        this.windows = context.getStateStore(EvaluatorTopology.PREQUENTIAL_WINDOW_STORE);
        this.clocks = context.getStateStore(EvaluatorTopology.PREQUENTIAL_CLOCK_STORE);
        this.sequence = context.currentSystemTimeMs() * 1_000;
    }

    /**
     * Queues an arrived held-out record for each experiment whose current version was trained on its stream.
     *
     * @param held        the record
     * @param experiments every experiment's state
     */
    void arrived(WorkItem.HeldOut held, List<ExperimentState> experiments) {
        HeldOutTopic topic = topics.get(held.topic());
        for (ExperimentState e : experiments) {
            if (e.current() != null && e.currentStreams().contains(topic.stream())) {
                String key = e.experiment() + SEP + String.format("%020d", e.current().version()) + SEP
                        + String.format("%020d", sequence++);
                pending.put(key, WorkItem.encode(held));
            }
        }
    }

    /**
     * Scores up to one slice of queued records, then emits the windows their topics' event time has passed.
     *
     * @param experiments every experiment's state, for the versions to load
     * @param context     where metrics go
     * @param now         the wall clock
     * @return whether anything was scored
     */
    boolean score(Map<String, ExperimentState> experiments, ProcessorContext<String, Object> context, long now) {
        Map<String, List<KeyValue<String, byte[]>>> byVersion = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> it = pending.all()) {
            for (int n = 0; n < slice && it.hasNext(); n++) {
                KeyValue<String, byte[]> kv = it.next();
                byVersion.computeIfAbsent(kv.key.substring(0, kv.key.lastIndexOf(SEP)), k -> new ArrayList<>())
                        .add(kv);
            }
        }
        byVersion.forEach((experimentVersion, entries) -> {
            try {
                scoreEntries(experimentVersion, entries, experiments);
            } catch (RuntimeException e) {
                // As for versions: a record the model cannot score must not stop the evaluator.
                log.warn("Prequential scoring of {} records failed and they were dropped: {}", entries.size(),
                        e.toString());
            }
            entries.forEach(kv -> pending.delete(kv.key));
        });
        emitClosedWindows(context, now);
        return !byVersion.isEmpty();
    }

    /** Closes every model. */
    void close() {
        models.values().forEach(LoadedVersion::close);
        models.clear();
    }

    private void scoreEntries(String experimentVersion, List<KeyValue<String, byte[]>> entries,
                              Map<String, ExperimentState> experiments) {
        String experiment = experimentVersion.substring(0, experimentVersion.indexOf(SEP));
        long version = Long.parseLong(experimentVersion.substring(experimentVersion.indexOf(SEP) + 1));
        LoadedVersion model = model(experiments.get(experiment), version);
        if (model == null) {
            return;
        }
        Map<String, List<Object>> byWindow = new LinkedHashMap<>();
        for (KeyValue<String, byte[]> kv : entries) {
            WorkItem.HeldOut held = (WorkItem.HeldOut) WorkItem.decode(kv.value);
            Object record = decodeOrNull(held);
            if (record == null || !model.batches().accepts(record)) {
                continue;
            }
            long t = eventTime(record);
            Long clock = clocks.get(held.topic());
            long start = Math.floorDiv(t, window.toMillis()) * window.toMillis();
            if (clock != null && start + window.toMillis() <= clock) {
                log.debug("A held-out record of {} at {} arrived after its window closed", held.topic(), t);
                continue;
            }
            if (clock == null || t > clock) {
                clocks.put(held.topic(), t);
            }
            byWindow.computeIfAbsent(held.topic() + SEP + String.format("%020d", start), k -> new ArrayList<>())
                    .add(record);
        }
        byWindow.forEach((topicWindow, records) -> {
            Scorer.Scored scored = Scorer.scoreEach(model.model(), null, records, model.batches()::batch,
                    model.batches()::label, Scorer.DEFAULT_CHUNK);
            String key = experimentVersion + SEP + topicWindow;
            byte[] before = windows.get(key);
            WindowSums sums = before == null ? WindowSums.empty(model.model().spec().task())
                    : WindowSums.decode(before);
            windows.put(key, sums.plus(scored.examples()).encode());
        });
    }

    private void emitClosedWindows(ProcessorContext<String, Object> context, long now) {
        List<String> closed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = windows.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                String[] parts = kv.key.split(String.valueOf(SEP));
                long start = Long.parseLong(parts[3]);
                Long clock = clocks.get(parts[2]);
                if (clock != null && start + window.toMillis() <= clock) {
                    emit(context, parts[0], Long.parseLong(parts[1]), parts[2], start, WindowSums.decode(kv.value),
                            now);
                    closed.add(kv.key);
                }
            }
        }
        closed.forEach(windows::delete);
    }

    private void emit(ProcessorContext<String, Object> context, String experiment, long version, String topic,
                      long start, WindowSums sums, long now) {
        for (MetricInterval m : sums.metrics()) {
            MetricRecord r = MetricRecord.newBuilder().setExperiment(experiment).setVersion(version).setTopic(topic)
                    .setSplit(topics.get(topic).split()).setMetric(m.metric()).setValue(m.value())
                    .setCount(m.count()).setLow(m.hasInterval() ? m.low() : null)
                    .setHigh(m.hasInterval() ? m.high() : null).setWindowStart(Instant.ofEpochMilli(start))
                    .setWindowEnd(Instant.ofEpochMilli(start + window.toMillis())).setComputedAt(Instant.ofEpochMilli(now))
                    .build();
            context.forward(new Record<>(experiment + "/" + version + "/" + topic + "/" + m.metric() + "/window/"
                    + start, r, now), EvaluatorTopology.METRICS_SINK);
        }
    }

    /** The experiment's current model for prequential scoring; null when the version is no longer loadable. */
    private LoadedVersion model(ExperimentState state, long version) {
        String experiment = state.experiment();
        if (modelVersions.getOrDefault(experiment, -1L) == version) {
            return models.get(experiment);
        }
        LoadedVersion previous = models.remove(experiment);
        if (previous != null) {
            previous.close();
        }
        modelVersions.remove(experiment);
        WorkItem.Version announced = state.current() != null && state.current().version() == version
                ? state.current() : null;
        if (announced == null) {
            return null; // a newer version took over; what the old one had queued is dropped with it
        }
        try {
            LoadedVersion model = loader.load(announced);
            models.put(experiment, model);
            modelVersions.put(experiment, version);
            return model;
        } catch (VersionRefusedException | IOException | RuntimeException e) {
            log.warn("Prequential scoring of version {} of {} stopped: {}", version, experiment, e.getMessage());
            return null;
        }
    }

    private Object decodeOrNull(WorkItem.HeldOut held) {
        try {
            return decoder.decode(held);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long eventTime(Object record) {
        return record instanceof InteractionEvent e ? e.eventTime().toEpochMilli()
                : ((ImageEvent) record).eventTime().toEpochMilli();
    }
}
