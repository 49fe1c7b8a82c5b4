package org.levistream.bench.trainer;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.schemas.deadletter.DeadLetterTopic;
import org.levistream.trainer.batching.HashedFeatures;
import org.levistream.trainer.config.TrainerSettings;

/**
 * The trainer settings the benchmarks use: the defaults (batch 200, checkpoints every 1,000 steps or 5 s, LEVI with
 * Adam) over the stateless featurizer, and a backbone the size of the MovieLens recipe's (taps of 128, 64 and 32),
 * freshly initialised: its weights do not change the cost of a step. Images have the digits recipe instead
 * ({@link #imageSettings}).
 */
final class BenchSettings {
    private BenchSettings() {}

    static Map<String, String> settings(String bootstrap, String registryUrl, Path workDir, String topic,
                                        String experiment, Map<String, String> overrides, String end)
            throws IOException {
        Map<String, String> s = new TreeMap<>();
        s.put("trainer.experiment", experiment);
        s.put("trainer.bootstrap.servers", bootstrap);
        s.put("schema.registry.url", registryUrl);
        s.put("trainer.input.topics", topic);
        s.put("trainer.checkpoint.dir", workDir.resolve("checkpoints").resolve(experiment).toString());
        s.put(DeadLetterTopic.KEY, topic + ".deadletter");
        s.put("trainer.checkpoints.topic", topic + ".checkpoints");
        s.put("trainer.end", end);
        s.put("trainer.backbone.store", workDir.resolve("store").toString());
        s.put("trainer.backbone.hash", backbone(workDir.resolve("store")));
        s.putAll(overrides);
        return TrainerSettings.merge(s);
    }

    /**
     * The image recipe of {@code config/trainer-digits.yaml} (LEVI over a CNN backbone of 16, 32 and 64 filters and
     * the small CNN, batch 512, SGD with momentum, checkpoints every 100 steps or 5 s), with a freshly initialised
     * backbone of that architecture.
     */
    static Map<String, String> imageSettings(String bootstrap, String registryUrl, Path workDir, String topic,
                                             String experiment, Map<String, String> overrides, String end)
            throws IOException {
        Map<String, String> s = new TreeMap<>(settings(bootstrap, registryUrl, workDir, topic, experiment, Map.of(),
                end));
        s.put("trainer.backbone.hash", imageBackbone(workDir.resolve("store")));
        s.put("trainer.features", "image");
        s.put("trainer.batch.size", "512");
        s.put("trainer.checkpoint.every.steps", "100");
        s.put("model.task", "classification");
        s.put("model.classes", "10");
        s.put("model.method", "levi");
        s.put("model.projection.width", "32");
        s.put("model.head.hidden", "64");
        s.put("model.small.kind", "cnn");
        s.put("model.small.width", "32");
        s.put("model.optimizer.kind", "sgd");
        s.put("model.optimizer.learning.rate", "0.01");
        s.put("model.optimizer.momentum", "0.9");
        s.put("model.seed", "42");
        s.putAll(overrides);
        return TrainerSettings.merge(s);
    }

    private static String imageBackbone(Path store) throws IOException {
        try (BlockBackbone b = BlockBackbone.create(BackboneArchitecture.cnn28(16, 32, 64), 7, Device.cpu())) {
            return new BackboneStore(store).put(b);
        }
    }

    private static String backbone(Path store) throws IOException {
        try (BlockBackbone b = BlockBackbone.create(BackboneArchitecture.mlp(HashedFeatures.width(), 128, 64, 32), 7,
                Device.cpu())) {
            return new BackboneStore(store).put(b);
        }
    }
}
