package org.levistream.trainer.testing;

import ai.djl.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.trainer.batching.HashedFeatures;

/** Tiny backbones put in a backbone store: an MLP over the stateless featurizer's rows, a CNN over images. */
public final class TinyBackbone {
    private TinyBackbone() {}

    /** Stores the backbone under {@code store} and returns its hash. */
    public static String store(Path store) {
        return store(store, HashedFeatures.width());
    }

    /** Stores a tiny CNN over grey 28x28 images (three tapped layers of 2, 4, 4 filters) and returns its hash. */
    public static String storeImageBackbone(Path store) {
        try (BlockBackbone b = BlockBackbone.create(BackboneArchitecture.cnn28(2, 4, 4), 5, Device.cpu())) {
            return new BackboneStore(store).put(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores a backbone over rows of {@code width} under {@code store} and returns its hash. */
    public static String store(Path store, int width) {
        try (BlockBackbone b = BlockBackbone.create(BackboneArchitecture.mlp(width, 8, 8), 5, Device.cpu())) {
            return new BackboneStore(store).put(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
