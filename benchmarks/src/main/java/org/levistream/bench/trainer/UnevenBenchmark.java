package org.levistream.bench.trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.levistream.bench.measure.Medians;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.TrainerListener;
import org.levistream.trainer.loop.TrainerService;

/**
 * A live trainer over uneven partitions against the same trainer over equal ones: the same number of records, on
 * three partitions holding 1 : 0.5 : 1 of them or 1 : 1 : 1, produced before the trainer starts. Live topics are
 * uneven as a rule, and a live trainer must not wait on a partition that has run dry while others have data.
 *
 * <p>Each run is timed from the trainer's first step to the step that trains its last record, so the trainer's
 * start (backbone, model, first poll) is left out. Rounds alternate which layout runs first, so that drift within a
 * round cancels, after one untimed warm-up round of both.
 */
public final class UnevenBenchmark {
    /** Shares of the records per partition. */
    static final double[] EQUAL = {1, 1, 1};
    /** Shares of the records per partition: the middle one runs dry at 60% of the run. */
    static final double[] UNEVEN = {1, 0.5, 1};

    /**
     * One round.
     *
     * @param equalPerSec  records/s over equal partitions
     * @param unevenPerSec records/s over uneven partitions
     */
    public record Round(double equalPerSec, double unevenPerSec) {
        /** Uneven over equal. */
        public double ratio() {
            return unevenPerSec / equalPerSec;
        }
    }

    /**
     * The rounds.
     *
     * @param rounds the timed rounds
     */
    public record Result(List<Round> rounds) {
        /** Copies the rounds. */
        public Result {
            rounds = List.copyOf(rounds);
        }

        /** Median records/s over equal partitions. */
        public double medianEqual() {
            return Medians.of(rounds.stream().mapToDouble(Round::equalPerSec).toArray());
        }

        /** Median records/s over uneven partitions. */
        public double medianUneven() {
            return Medians.of(rounds.stream().mapToDouble(Round::unevenPerSec).toArray());
        }

        /** Ratio of the medians. */
        public double ratio() {
            return medianUneven() / medianEqual();
        }

        /** Median of the rounds' own ratios. */
        public double medianRoundRatio() {
            return Medians.of(rounds.stream().mapToDouble(Round::ratio).toArray());
        }
    }

    /** Told of each round as it ends. */
    @FunctionalInterface
    public interface RoundListener {
        /**
         * A round ended.
         *
         * @param round  its figures
         * @param number 1-based, counting the warm-up
         * @param timed  false for the warm-up round
         */
        void ended(Round round, int number, boolean timed);
    }

    private UnevenBenchmark() {
    }

    /**
     * Runs the rounds.
     *
     * @param bootstrap   Kafka
     * @param registryUrl the registry
     * @param workDir     where checkpoints and the backbone go
     * @param overrides   settings over the benchmark's
     * @param records     records per run, a multiple of the batch size so that a live run trains them all
     * @param rounds      timed rounds
     * @param listener    told of each round
     * @return the timed rounds
     * @throws Exception if Kafka or the trainer fails
     */
    public static Result run(String bootstrap, String registryUrl, Path workDir, Map<String, String> overrides,
                             int records, int rounds, RoundListener listener) throws Exception {
        List<Round> timed = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            double equal;
            double uneven;
            if (r % 2 == 0) {
                equal = trainLive(bootstrap, registryUrl, workDir, overrides, records, EQUAL, "equal-" + r);
                uneven = trainLive(bootstrap, registryUrl, workDir, overrides, records, UNEVEN, "uneven-" + r);
            } else {
                uneven = trainLive(bootstrap, registryUrl, workDir, overrides, records, UNEVEN, "uneven-" + r);
                equal = trainLive(bootstrap, registryUrl, workDir, overrides, records, EQUAL, "equal-" + r);
            }
            Round round = new Round(equal, uneven);
            listener.ended(round, r + 1, r > 0);
            if (r > 0) {
                timed.add(round);
            }
        }
        return new Result(timed);
    }

    /** Produces the records in the given shares, then times a live trainer over them; returns records/s. */
    private static double trainLive(String bootstrap, String registryUrl, Path workDir, Map<String, String> overrides,
                                    int records, double[] shares, String name) throws Exception {
        String topic = "levi.bench.uneven." + name + "." + System.currentTimeMillis();
        SyntheticStream.createTopic(bootstrap, topic, shares.length);
        produce(bootstrap, registryUrl, topic, counts(records, shares));
        AtomicLong trained = new AtomicLong();
        AtomicLong firstStepNanos = new AtomicLong();
        AtomicLong firstStepRecords = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong doneNanos = new AtomicLong();
        TrainerListener listener = new TrainerListener() {
            @Override public void stepped(Progress p) {
                long now = System.nanoTime();
                if (firstStepNanos.get() == 0) {
                    firstStepNanos.set(now);
                    firstStepRecords.set(p.records());
                }
                trained.set(p.records());
                if (p.records() >= records && doneNanos.compareAndSet(0, now)) {
                    done.countDown();
                }
            }
        };
        Map<String, String> settings = BenchSettings.settings(bootstrap, registryUrl, workDir, topic, "bench-" + name,
                overrides, "none");
        try (TrainerService trainer = TrainerService.start(TrainerSettings.toConfig(settings), listener)) {
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the live trainer trained " + trained.get() + " of " + records
                        + " records in 10 minutes (" + name + ")");
            }
        }
        double seconds = (doneNanos.get() - firstStepNanos.get()) / 1e9;
        return (records - firstStepRecords.get()) / seconds;
    }

    /** Records per partition: the shares of {@code records}, the rounding put on the first partition. */
    static int[] counts(int records, double[] shares) {
        double sum = 0;
        for (double s : shares) {
            sum += s;
        }
        int[] counts = new int[shares.length];
        int given = 0;
        for (int p = 1; p < shares.length; p++) {
            counts[p] = (int) Math.round(records * shares[p] / sum);
            given += counts[p];
        }
        counts[0] = records - given;
        return counts;
    }

    private static void produce(String bootstrap, String registryUrl, String topic, int[] counts) {
        try (SyntheticStream stream = new SyntheticStream(registryUrl, 7);
             KafkaProducer<byte[], byte[]> producer = SyntheticStream.producer(bootstrap)) {
            for (int p = 0; p < counts.length; p++) {
                for (int i = 0; i < counts[p]; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, stream.next(topic)));
                }
            }
            producer.flush();
        }
    }
}
