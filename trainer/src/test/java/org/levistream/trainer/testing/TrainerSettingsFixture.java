package org.levistream.trainer.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.levistream.embedded.stack.EmbeddedStack;

/** Settings of a small, fast trainer against the embedded stack. */
public final class TrainerSettingsFixture {
    private TrainerSettingsFixture() {}

    /** A tiny LEVI over the stateless featurizer; checkpoints every 5 steps, keeps all. */
    public static Map<String, String> tiny(EmbeddedStack stack, String topic, String experiment, Path checkpoints,
                                           Path backboneStore, String backboneHash) {
        return tiny(stack.bootstrapServers(), stack.registryUrl(), topic, experiment, checkpoints, backboneStore,
                backboneHash);
    }

    /**
     * A tiny LEVI over image records: a classifier of 10 classes with the small CNN, SGD with momentum as the digits
     * protocol trains; the backbone is {@link TinyBackbone#storeImageBackbone}'s.
     */
    public static Map<String, String> tinyImages(EmbeddedStack stack, String topic, String experiment,
                                                 Path checkpoints, Path backboneStore, String backboneHash) {
        Map<String, String> s = tiny(stack, topic, experiment, checkpoints, backboneStore, backboneHash);
        s.put("trainer.features", "image");
        s.put("model.task", "classification");
        s.put("model.classes", "10");
        s.put("model.small.kind", "cnn");
        s.remove("model.small.buckets");
        s.remove("model.small.embedding.dim");
        s.put("model.optimizer.kind", "sgd");
        s.put("model.optimizer.momentum", "0.9");
        s.put("model.optimizer.learning.rate", "0.05");
        return s;
    }

    /** The same, for a broker and registry given by address. */
    public static Map<String, String> tiny(String bootstrap, String registryUrl, String topic, String experiment,
                                           Path checkpoints, Path backboneStore, String backboneHash) {
        Map<String, String> s = new TreeMap<>();
        s.put("trainer.experiment", experiment);
        s.put("trainer.bootstrap.servers", bootstrap);
        s.put("schema.registry.url", registryUrl);
        s.put("trainer.input.topics", topic);
        s.put("trainer.checkpoint.dir", checkpoints.resolve(experiment).toString());
        s.put("trainer.batch.size", "16");
        s.put("trainer.checkpoint.every.steps", "5");
        s.put("trainer.checkpoint.every", "0");
        s.put("trainer.checkpoint.retain.last", "100000");
        s.put("dead.letter.topic", topic + ".deadletter");
        s.put("trainer.checkpoints.topic", topic + ".checkpoints");
        s.put("trainer.device", "cpu");
        s.put("trainer.backbone.store", backboneStore.toString());
        s.put("trainer.backbone.hash", backboneHash);
        s.put("model.projection.width", "8");
        s.put("model.head.hidden", "16");
        s.put("model.small.buckets", "256");
        s.put("model.small.embedding.dim", "4");
        s.put("model.small.width", "8");
        s.put("model.optimizer.learning.rate", "0.01");
        s.put("model.seed", "11");
        return s;
    }
}
