package org.levistream.trainer.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Which frozen backbone the model taps.
 *
 * @param kind        where it comes from
 * @param store       for {@link Kind#STORE}: the backbone store folder ({@code levi pretrain}'s {@code store/})
 * @param hash        for {@link Kind#STORE}: the backbone's content hash
 * @param torchScript for {@link Kind#TORCHSCRIPT}: the user's module file
 * @param inputShape  for {@link Kind#TORCHSCRIPT}: one example's input shape, without the batch axis
 */
public record BackboneSetting(Kind kind, Path store, String hash, Path torchScript, List<Long> inputShape) {
    /** Where the backbone comes from. */
    public enum Kind {
        /** No backbone: only the small-only method runs without one. */
        NONE,
        /** A backbone saved by {@code levi pretrain} in a backbone store, by content hash. */
        STORE,
        /** A user's TorchScript module whose forward returns its hidden states. */
        TORCHSCRIPT
    }

    /** Copies the shape. */
    public BackboneSetting {
        inputShape = inputShape == null ? List.of() : List.copyOf(inputShape);
    }

    /**
     * No backbone.
     *
     * @return the setting
     */
    public static BackboneSetting none() {
        return new BackboneSetting(Kind.NONE, null, null, null, List.of());
    }

    /**
     * A stored backbone.
     *
     * @param store the store folder
     * @param hash  the content hash
     * @return the setting
     */
    public static BackboneSetting stored(Path store, String hash) {
        return new BackboneSetting(Kind.STORE, store, hash, null, List.of());
    }
}
