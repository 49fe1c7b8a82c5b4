package org.levistream.bench.evaluator;

import ai.djl.Device;
import io.micrometer.core.instrument.Timer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.levistream.bench.measure.Medians;
import org.levistream.evaluator.scoring.HeldOutBatches;
import org.levistream.evaluator.scoring.HeldOutDecoder;
import org.levistream.evaluator.scoring.LoadedVersion;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.evaluator.scoring.VersionLoader;
import org.levistream.evaluator.topology.WorkItem;
import org.levistream.model.metrics.Scorer;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/**
 * {@code levi bench evaluator}: how fast the running evaluator reports a version, on the embedded stack with one ID
 * and two OOD held-out topics fully sampled.
 * <ul>
 *   <li>latency: from sending a version's {@code CheckpointEvent} (acknowledged) to reading the last of its metrics
 *       on the metrics topic with a {@code read_committed} consumer: routing, queueing, loading the checkpoint,
 *       scoring every topic in slices, the report and two transaction commits;</li>
 *   <li>scoring throughput: records scored per second of the evaluator's slices (its
 *       {@code levi_evaluator_records_scored} counter over its {@code levi_evaluator_slice} timer), against the same
 *       loop in memory in this thread right after, over the same records decoded beforehand (and, second, decoding
 *       each record's bytes in the loop with the evaluator's decoder), scored by {@code Scorer.scoreEach} in slices of {@code evaluator.slice.records}, chunks of
 *       {@code Scorer.DEFAULT_CHUNK}, with the same version loaded by the evaluator's loader.</li>
 * </ul>
 */
public final class LatencyBenchmark {
    /** Passes of the in-memory loop per version, the median counts: one pass is a few tens of ms, easily disturbed. */
    static final int MEMORY_PASSES = 5;

    private LatencyBenchmark() {}

    /**
     * What to run.
     *
     * @param versions timed versions
     * @param warmups  untimed versions first
     * @param records  records per held-out topic
     * @param seed     data and model seeds derive from it
     * @param steps    training steps per version
     * @param levi     whether versions are LEVI over a frozen backbone (else the small model alone)
     */
    public record Options(int versions, int warmups, int records, long seed, int steps, boolean levi) {
        /**
         * The smoke test's sizes.
         *
         * @param seed the seed
         * @return 2 versions after 1 warm-up, 1,000 records per topic
         */
        public static Options quick(long seed) {
            return new Options(2, 1, 1_000, seed, 50, false);
        }

        /**
         * The sizes.
         *
         * @param seed the seed
         * @return 5 versions after 2 warm-ups, 10,000 records per topic
         */
        public static Options defaults(long seed) {
            return new Options(5, 2, 10_000, seed, Versions.STEPS, false);
        }
    }

    /**
     * One version's figures.
     *
     * @param latencyMillis  event sent to last metric read
     * @param scored         records the evaluator scored for it
     * @param appPerSec      records per second of its slices
     * @param memoryPerSec   records per second of the same loop in memory over decoded records, the median of
     *                       {@value #MEMORY_PASSES} passes
     * @param decodingPerSec the same, decoding each record from its bytes inside the loop
     */
    public record Round(double latencyMillis, long scored, double appPerSec, double memoryPerSec,
                        double decodingPerSec) {
        /** Evaluator / in memory over decoded records: the strict ratio. */
        public double ratio() {
            return appPerSec / memoryPerSec;
        }

        /** Evaluator / in memory, decoding in the loop. */
        public double ratioWithDecoding() {
            return appPerSec / decodingPerSec;
        }
    }

    /**
     * The outcome.
     *
     * @param rounds the timed versions
     * @param slice  records per slice
     */
    public record Result(List<Round> rounds, int slice) {
        /** Copies the rounds. */
        public Result {
            rounds = List.copyOf(rounds);
        }

        /** The median latency, ms. */
        public double medianLatency() {
            return Medians.of(rounds.stream().mapToDouble(Round::latencyMillis).toArray());
        }

        /** The largest latency, ms. */
        public double maxLatency() {
            return rounds.stream().mapToDouble(Round::latencyMillis).max().orElse(Double.NaN);
        }

        /** The median of the evaluator's records/s. */
        public double medianApp() {
            return Medians.of(rounds.stream().mapToDouble(Round::appPerSec).toArray());
        }

        /** The median of the in-memory records/s. */
        public double medianMemory() {
            return Medians.of(rounds.stream().mapToDouble(Round::memoryPerSec).toArray());
        }

        /** The medians' ratio. */
        public double ratio() {
            return medianApp() / medianMemory();
        }
    }

    /**
     * Runs the benchmark on a Kafka and registry.
     *
     * @param o           what to run
     * @param bootstrap   Kafka
     * @param registryUrl the registry
     * @param work        an empty folder for checkpoints and state
     * @param out         where each version's figures go
     * @return the result
     * @throws Exception if Kafka or the evaluator fails
     */
    public static Result run(Options o, String bootstrap, String registryUrl, Path work, PrintWriter out)
            throws Exception {
        List<HeldOutSet> sets = HeldOutSet.standard(o.seed(), o.records(), 0);
        List<InteractionEvent> training = Versions.interactions(o.seed(), 2_000, Versions.Population.ID);
        List<Round> rounds = new ArrayList<>();
        String backboneHash = o.levi() ? Versions.storeBackbone(work.resolve("backbones")) : null;
        try (EvaluatorHarness evaluator = EvaluatorHarness.start(bootstrap, registryUrl, work, sets, Map.of());
             Reports reports = new Reports(evaluator.config(), evaluator.registry());
             Backbone backbone = backboneHash == null ? null
                     : new BackboneStore(work.resolve("backbones")).open(backboneHash, Device.cpu())) {
            int expected = sets.size() * 2 + 2;
            List<List<WorkItem.HeldOut>> heldOut = encode(sets, evaluator);
            VersionLoader loader = new VersionLoader(evaluator.config().checkpointRoot(),
                    evaluator.config().backboneStore(), evaluator.config().glove(), Device.cpu());
            HeldOutDecoder decoder = new HeldOutDecoder(evaluator.registry());
            reports.awaitAssignment(Duration.ofSeconds(30));
            out.printf(Locale.ROOT, "evaluator: %d held-out topics x %,d records, slices of %,d; %d untimed "
                    + "version(s), then %d timed; versions: %s%n", sets.size(), o.records(),
                    evaluator.config().sliceRecords(), o.warmups(), o.versions(),
                    o.levi() ? "LEVI over a frozen MLP backbone (2 tapped layers of 64)" : "the small model alone");
            out.flush();
            for (int i = 1; i <= o.warmups() + o.versions(); i++) {
                Versions.Written w = Versions.train(evaluator.config().checkpointRoot().resolve("v%05d".formatted(i)),
                        o.seed() * 100_003 + i, training, o.steps(), 0, Map.of(), backbone);
                double scoredBefore = evaluator.counter("levi_evaluator_records_scored");
                long sliceNanosBefore = sliceNanos(evaluator);
                long sent = System.nanoTime();
                evaluator.announce("latency", i, w);
                Reports.VersionId id = new Reports.VersionId("latency", i);
                long deadline = sent + TimeUnit.MINUTES.toNanos(2);
                while (reports.metricCount(id) < expected) {
                    evaluator.checkRunning();
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("version " + i + " was not reported within 2 minutes");
                    }
                    reports.poll(Duration.ofMillis(20));
                }
                double latency = (reports.lastMetricAt(id) - sent) / 1e6;
                long scored = Math.round(evaluator.counter("levi_evaluator_records_scored") - scoredBefore);
                double app = scored / ((sliceNanos(evaluator) - sliceNanosBefore) / 1e9);
                double[] memory = inMemory(loader, decoder, w, i, heldOut, evaluator.config().sliceRecords());
                Round round = new Round(latency, scored, app, memory[0], memory[1]);
                boolean timed = i > o.warmups();
                if (timed) {
                    rounds.add(round);
                }
                out.printf(Locale.ROOT, "  %s %d  latency %,7.0f ms   scored %,d: evaluator %,9.0f records/s, "
                        + "in memory %,9.0f (decoding too %,9.0f) records/s, ratio %.3f (%.3f)%s%n",
                        timed ? "version" : "warm-up", i, latency, scored, app, memory[0], memory[1], round.ratio(),
                        round.ratioWithDecoding(), timed ? "" : " (untimed)");
                out.flush();
            }
            return new Result(rounds, evaluator.config().sliceRecords());
        }
    }

    /**
     * Prints the summary.
     *
     * @param o   the options
     * @param r   the result
     * @param out where
     */
    public static void print(Options o, Result r, PrintWriter out) {
        out.printf(Locale.ROOT, "latency (CheckpointEvent acknowledged -> last metric read, read_committed) over "
                + "%d versions: median %,.0f ms, max %,.0f ms (goal <= 2,000 ms)%n", r.rounds().size(),
                r.medianLatency(), r.maxLatency());
        out.printf(Locale.ROOT, "scoring: evaluator slices %,.0f records/s, same loop in memory over decoded records "
                + "%,.0f records/s (medians), ratio %.3f (goal >= 0.9); median of the versions' ratios %.3f%n",
                r.medianApp(), r.medianMemory(), r.ratio(),
                Medians.of(r.rounds().stream().mapToDouble(Round::ratio).toArray()));
        out.printf(Locale.ROOT, "scoring: against the loop decoding each record from its bytes: median of the "
                + "versions' ratios %.3f%n", Medians.of(r.rounds().stream().mapToDouble(Round::ratioWithDecoding)
                .toArray()));
        out.flush();
    }

    private static long sliceNanos(EvaluatorHarness evaluator) {
        Timer t = evaluator.meters().find("levi_evaluator_slice").timer();
        return t == null ? 0 : (long) t.totalTime(TimeUnit.NANOSECONDS);
    }

    /** The held-out records as the evaluator holds them, topic by topic: their bytes, Confluent wire format. */
    private static List<List<WorkItem.HeldOut>> encode(List<HeldOutSet> sets, EvaluatorHarness evaluator) {
        AvroSerializer<Interaction> serializer = new AvroSerializer<>(evaluator.registry(),
                AvroSerdeConfig.defaults(), false);
        List<List<WorkItem.HeldOut>> out = new ArrayList<>();
        for (HeldOutSet s : sets) {
            List<WorkItem.HeldOut> topic = new ArrayList<>();
            long offset = 0;
            for (InteractionEvent e : s.records()) {
                topic.add(new WorkItem.HeldOut(WorkItem.Kind.INTERACTION, s.topic(), 0, offset++, 0,
                        serializer.serialize(s.topic(), AvroMapping.toAvro(e))));
            }
            out.add(topic);
        }
        return out;
    }

    /**
     * Records per second of scoring the records in slices of each topic, as the evaluator slices them, without Kafka
     * or stores: first over records decoded before the clock starts (the evaluator keeps its sample decoded, so this
     * is the forward passes and the metric terms alone, the strict baseline), then decoding each record from its
     * bytes inside the loop.
     */
    private static double[] inMemory(VersionLoader loader, HeldOutDecoder decoder, Versions.Written w, long version,
                                     List<List<WorkItem.HeldOut>> heldOut, int slice) throws Exception {
        WorkItem.Version announced = new WorkItem.Version("in-memory", version, w.dir().toString(), w.contentHash(),
                w.backboneHash(), "in-memory", 0);
        try (LoadedVersion model = loader.load(announced)) {
            HeldOutBatches batches = model.batches();
            List<List<Object>> decoded = new ArrayList<>();
            for (List<WorkItem.HeldOut> topic : heldOut) {
                List<Object> records = new ArrayList<>(topic.size());
                topic.forEach(h -> records.add(decoder.decode(h)));
                decoded.add(records);
            }
            double[] scoring = new double[MEMORY_PASSES];
            double[] decoding = new double[MEMORY_PASSES];
            for (int p = 0; p < MEMORY_PASSES; p++) {
                scoring[p] = pass(heldOut, slice, (topic, from, to) -> decoded.get(topic).subList(from, to), model,
                        batches);
                decoding[p] = pass(heldOut, slice, (topic, from, to) -> {
                    List<Object> records = new ArrayList<>(to - from);
                    heldOut.get(topic).subList(from, to).forEach(h -> records.add(decoder.decode(h)));
                    return records;
                }, model, batches);
            }
            return new double[] {Medians.of(scoring), Medians.of(decoding)};
        }
    }

    /** Supplies the records of one slice of one topic. */
    private interface SliceRecords {
        List<Object> get(int topic, int from, int to);
    }

    private static double pass(List<List<WorkItem.HeldOut>> heldOut, int slice, SliceRecords records,
                               LoadedVersion model, HeldOutBatches batches) {
        long started = System.nanoTime();
        long n = 0;
        for (int t = 0; t < heldOut.size(); t++) {
            int size = heldOut.get(t).size();
            for (int from = 0; from < size; from += slice) {
                n += Scorer.scoreEach(model.model(), null, records.get(t, from, Math.min(size, from + slice)),
                        batches::batch, batches::label, Scorer.DEFAULT_CHUNK).examples().size();
            }
        }
        return n / ((System.nanoTime() - started) / 1e9);
    }
}
