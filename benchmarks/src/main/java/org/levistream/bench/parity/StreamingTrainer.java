package org.levistream.bench.parity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.levi.ModelSpec;
import org.levistream.schemas.deadletter.DeadLetterTopic;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.TrainerListener;
import org.levistream.trainer.loop.TrainerService;
import org.levistream.trainer.position.PartitionOffsets;

/**
 * Runs the real trainer ({@link TrainerService}, reading Kafka) over a training topic with a model's settings, and
 * returns its final checkpoint. Nothing is validated on a held-out topic and only the pass ends and the end are
 * checkpointed: the parity check scores the final version offline.
 *
 * @param bootstrap     Kafka
 * @param registryUrl   the schema registry
 * @param checkpoints   the folder whose sub-folders are the experiments' checkpoint folders
 * @param backboneStore the backbone store
 * @param backboneHash  the frozen backbone's content hash
 * @param features      the featurizer's settings ({@code trainer.features} and its keys)
 * @param batchSize     examples per step
 */
record StreamingTrainer(String bootstrap, String registryUrl, Path checkpoints, Path backboneStore,
                        String backboneHash, Map<String, String> features, int batchSize) {
    /** Copies the featurizer's settings. */
    StreamingTrainer {
        features = Map.copyOf(features);
    }

    /**
     * Trains {@code epochs} passes over the whole topic ({@code trainer.epochs}).
     *
     * @param experiment the experiment id
     * @param topic      the training topic
     * @param spec       the model
     * @param epochs     passes
     * @return the final checkpoint's directory
     * @throws IOException          if the trainer fails
     * @throws InterruptedException if interrupted
     */
    Path passes(String experiment, String topic, ModelSpec spec, int epochs) throws IOException, InterruptedException {
        return train(settings(experiment, topic, spec, "earliest", "end", epochs));
    }

    /**
     * Trains one bounded run per stretch, each starting from the previous run's final checkpoint (its parameters and
     * optimizer state, and its offsets: where the previous stretch ended), as a chain of {@code levi replay}s does.
     *
     * @param experiment the experiment id prefix; run k is {@code <prefix>-<k>}
     * @param topic      the training topic
     * @param spec       the model
     * @param ends       the exclusive end offsets of each stretch, in order
     * @return the last run's final checkpoint's directory
     * @throws IOException          if a trainer fails
     * @throws InterruptedException if interrupted
     */
    Path chain(String experiment, String topic, ModelSpec spec, List<Map<TopicPartition, Long>> ends)
            throws IOException, InterruptedException {
        Path last = null;
        for (int k = 1; k <= ends.size(); k++) {
            String start = k == 1 ? "earliest" : "checkpoint:" + experiment + "-" + (k - 1) + "@latest";
            last = train(settings(experiment + "-" + k, topic, spec, start,
                    "offsets:" + PartitionOffsets.format(ends.get(k - 1)), 1));
        }
        return last;
    }

    private Map<String, String> settings(String experiment, String topic, ModelSpec spec, String start, String end,
                                         int epochs) {
        Map<String, String> s = new TreeMap<>(spec.toSettings());
        s.put(TrainerConfig.EXPERIMENT, experiment);
        s.put(TrainerConfig.BOOTSTRAP_SERVERS, bootstrap);
        s.put(TrainerConfig.REGISTRY_URL, registryUrl);
        s.put(TrainerConfig.INPUT_TOPICS, topic);
        s.put(TrainerConfig.CHECKPOINT_DIR, checkpoints.resolve(experiment).toString());
        s.put(TrainerConfig.BATCH_SIZE, Integer.toString(batchSize));
        s.put(TrainerConfig.CHECKPOINT_EVERY, "0");
        s.put(TrainerConfig.CHECKPOINT_EVERY_STEPS, "1000000000");
        s.put(TrainerConfig.RETAIN_LAST, "2");
        s.put(TrainerConfig.RETAIN_BEST, "0");
        s.put(DeadLetterTopic.KEY, topic + ".deadletter");
        s.put(TrainerConfig.CHECKPOINTS_TOPIC, topic + ".checkpoints");
        s.put(TrainerConfig.DEVICE, "cpu");
        if (spec.method().usesBackbone()) {
            s.put(TrainerConfig.BACKBONE_STORE, backboneStore.toString());
            s.put(TrainerConfig.BACKBONE_HASH, backboneHash);
        }
        s.putAll(features);
        s.put(TrainerConfig.START, start);
        s.put(TrainerConfig.END, end);
        s.put(TrainerConfig.EPOCHS, Integer.toString(epochs));
        return s;
    }

    private Path train(Map<String, String> settings) throws IOException, InterruptedException {
        TrainerConfig config = TrainerSettings.toConfig(TrainerSettings.merge(settings));
        try (TrainerService trainer = TrainerService.start(config, TrainerListener.NONE)) {
            TrainerService.Outcome outcome = trainer.awaitTermination();
            if (outcome != TrainerService.Outcome.FINISHED) {
                throw new IOException("the trainer of " + config.experiment() + " ended " + outcome,
                        trainer.failure().orElse(null));
            }
        }
        return new CheckpointStore(config.checkpointDir()).latestVerified()
                .orElseThrow(() -> new IOException("the trainer of " + config.experiment() + " wrote no checkpoint"));
    }
}
