package org.levistream.app.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicReference;
import org.levistream.app.train.TrainerRun;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.TrainerListener;
import org.levistream.trainer.loop.TrainerService;

/**
 * The demo's trainers: LEVI and FT on each stream, side by side, each {@code levi train} with its stream's shipped
 * config and the method changed, following the live topic. All share the process (one libtorch thread each).
 */
final class DemoExperiments implements AutoCloseable {
    /** The experiments, in the order the console and the summary list them. */
    static final List<Experiment> ALL = List.of(new Experiment("ml-levi", "interactions", "levi"),
            new Experiment("ml-ft", "interactions", "ft"), new Experiment("digits-levi", "images", "levi"),
            new Experiment("digits-ft", "images", "ft"));

    private final Map<Experiment, TrainerService> trainers;
    private final Map<Experiment, Tracker> trackers;

    private DemoExperiments(Map<Experiment, TrainerService> trainers, Map<Experiment, Tracker> trackers) {
        this.trainers = trainers;
        this.trackers = trackers;
    }

    /**
     * One experiment.
     *
     * @param name   the experiment id, also its checkpoint folder's name
     * @param stream the stream it trains on, as in its topics ({@code levi.<stream>})
     * @param method the model's method ({@code model.method})
     */
    record Experiment(String name, String stream, String method) {
        /** The shipped trainer config it starts from: its stream's. */
        Path config(DemoConfigs configs) {
            return stream.equals("images") ? configs.digitsTrainer() : configs.movieLensTrainer();
        }
    }

    /**
     * Starts every trainer.
     *
     * @param kafka           where the topics are
     * @param configs         the shipped trainer configs
     * @param backbones       the backbone catalogue
     * @param data            the data, for the GloVe vectors of the MovieLens featurizer
     * @param checkpoints     the checkpoint root: one folder per experiment under it
     * @param checkpointEvery time between versions
     * @param holdoutSample   held-out records each checkpoint is validated on
     * @return the running trainers
     */
    static DemoExperiments start(StreamFeed.KafkaTarget kafka, DemoConfigs configs, Path backbones, DemoData data, Path checkpoints,
                                 Duration checkpointEvery, int holdoutSample) {
        Map<Experiment, TrainerService> trainers = new LinkedHashMap<>();
        Map<Experiment, Tracker> trackers = new LinkedHashMap<>();
        for (Experiment e : ALL) {
            Map<String, String> flags = TrainerRun.flags();
            flags.put(TrainerConfig.EXPERIMENT, e.name());
            flags.put(TrainerConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            flags.put(TrainerConfig.REGISTRY_URL, kafka.registryUrl());
            flags.put(TrainerConfig.CHECKPOINT_DIR, checkpoints.resolve(e.name()).toString());
            flags.put(TrainerConfig.CHECKPOINT_EVERY, checkpointEvery.toMillis() + "ms");
            flags.put(TrainerConfig.CHECKPOINT_EVERY_STEPS, "0");
            // Every version stays on disk: the evaluator, sharing two cores with the trainers, scores them later.
            flags.put(TrainerConfig.RETAIN_LAST, "1000");
            flags.put(TrainerConfig.METRICS_PORT, "-1");
            flags.put(TrainerConfig.HOLDOUT_SAMPLE, Integer.toString(holdoutSample));
            flags.put(TrainerConfig.BACKBONE_CATALOG, backbones.toString());
            if (e.stream().equals("interactions")) {
                flags.put(TrainerConfig.FEATURES_GLOVE, data.dir().resolve("glove/glove-100d.bin").toString());
            }
            flags.put("model.method", e.method());
            Map<String, String> settings = TrainerRun.settings(e.config(configs), Map.of(), List.of(), flags);
            Tracker tracker = new Tracker();
            trackers.put(e, tracker);
            trainers.put(e, TrainerService.start(TrainerSettings.toConfig(settings), tracker));
        }
        return new DemoExperiments(trainers, trackers);
    }

    /** What each experiment's trainer has done so far. */
    Map<Experiment, Tracker> trackers() {
        return trackers;
    }

    /** The first trainer failure, if any. */
    java.util.Optional<String> failure() {
        for (Map.Entry<Experiment, TrainerService> t : trainers.entrySet()) {
            if (t.getValue().failure().isPresent()) {
                return java.util.Optional.of(t.getKey().name() + ": " + t.getValue().failure().get());
            }
        }
        return java.util.Optional.empty();
    }

    /** Stops every trainer after its current step, all at once; each writes and announces a last version. */
    @Override
    public void close() throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        AtomicReference<InterruptedException> interrupted = new AtomicReference<>();
        for (TrainerService trainer : trainers.values()) {
            Thread t = new Thread(() -> {
                try {
                    trainer.close();
                } catch (InterruptedException e) {
                    interrupted.set(e);
                }
            }, "demo-stop-trainer");
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            t.join();
        }
        if (interrupted.get() != null) {
            throw interrupted.get();
        }
    }

    /** Follows one trainer: its steps, records and the versions it announced. Written by the trainer's threads. */
    static final class Tracker implements TrainerListener {
        private volatile long steps;
        private volatile long records;
        private volatile String waiting = "";
        private final NavigableSet<Long> announced = new ConcurrentSkipListSet<>();

        @Override
        public void waiting(String what) {
            waiting = what;
        }

        @Override
        public void stepped(Progress progress) {
            steps = progress.step();
            records = progress.records();
            waiting = "";
        }

        @Override
        public void eventAcknowledged(long step, long ackedAtMs) {
            announced.add(step);
        }

        long steps() {
            return steps;
        }

        long records() {
            return records;
        }

        String waiting() {
            return waiting;
        }

        /** The versions announced on {@code levi.checkpoints}, oldest first. */
        NavigableSet<Long> announced() {
            return announced;
        }
    }
}
