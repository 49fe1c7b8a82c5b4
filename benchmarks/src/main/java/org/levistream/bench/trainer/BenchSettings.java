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
 * freshly initialised: its weights do not change the cost of a step.
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

    private static String backbone(Path store) throws IOException {
        try (BlockBackbone b = BlockBackbone.create(BackboneArchitecture.mlp(HashedFeatures.width(), 128, 64, 32), 7,
                Device.cpu())) {
            return new BackboneStore(store).put(b);
        }
    }
}
