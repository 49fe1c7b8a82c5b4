package org.levistream.model.levi;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.TapInfo;

/** Builds the adapting layers' blocks and picks the taps a method uses. */
final class Adapters {
    private Adapters() {}

    /** An MLP head (Linear, ReLU, optional dropout, Linear) or, for the probes, one linear layer. */
    static Block head(ModelSpec spec, int outputs) {
        if (!spec.method().mlpHead()) {
            return new SequentialBlock().add(Linear.builder().setUnits(outputs).build());
        }
        SequentialBlock mlp = new SequentialBlock()
                .add(Linear.builder().setUnits(spec.headHidden()).build())
                .add(Activation.reluBlock());
        if (spec.dropout() > 0) {
            mlp.add(Dropout.builder().optRate(spec.dropout()).build());
        }
        return mlp.add(Linear.builder().setUnits(outputs).build());
    }

    /** A tap's projection P_k: linear to the common width, then LayerNorm over the features. */
    static Block projection(int width) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(width).build())
                .add(LayerNorm.builder().axis(1).build());
    }

    /**
     * Picks the used taps' indexes: those named in {@code model.taps} (all when empty), in backbone order, or only
     * the deepest of them for the last-layer methods.
     */
    static int[] selectTaps(ModelSpec spec, Backbone backbone) {
        if (!spec.method().usesBackbone()) {
            return new int[0];
        }
        List<String> available = backbone.taps().stream().map(TapInfo::name).toList();
        List<String> wanted = spec.taps().isEmpty() ? available : spec.taps();
        List<String> missing = wanted.stream().filter(t -> !available.contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidConfigException(ModelSpec.TAPS + " was " + String.join(",", spec.taps())
                    + " but the backbone has no tap " + missing + "; its taps are " + available);
        }
        List<Integer> indexes = wanted.stream().map(available::indexOf).sorted().toList();
        if (!spec.method().usesAllTaps()) {
            indexes = indexes.subList(indexes.size() - 1, indexes.size());
        }
        return indexes.stream().mapToInt(Integer::intValue).toArray();
    }
}
