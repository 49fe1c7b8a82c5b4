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
 * @param name        the catalogue name it was chosen by ({@code trainer.backbone.name}), or {@code null}
 * @param tokenizer   for a text encoder (e.g. {@code minilm-l6}): its tokenizer file, which marks the backbone as
 *                    one that reads text; {@code null} for the others
 */
public record BackboneSetting(Kind kind, Path store, String hash, Path torchScript, List<Long> inputShape,
                              String name, Path tokenizer) {
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
     * A backbone without a catalogue name or tokenizer.
     *
     * @param kind        where it comes from
     * @param store       the store folder, for a stored one
     * @param hash        the content hash, for a stored one
     * @param torchScript the module file, for a TorchScript one
     * @param inputShape  the TorchScript input shape
     */
    public BackboneSetting(Kind kind, Path store, String hash, Path torchScript, List<Long> inputShape) {
        this(kind, store, hash, torchScript, inputShape, null, null);
    }

    /**
     * Whether the backbone is a text encoder, whose inputs are texts rather than rows or images.
     *
     * @return whether a tokenizer is set
     */
    public boolean readsText() {
        return tokenizer != null;
    }

    /**
     * Names the backbone as the user chose it, for messages.
     *
     * @return the setting key and its value, e.g. {@code trainer.backbone.name was minilm-l6}
     */
    public String chosenAs() {
        if (name != null) {
            return TrainerConfig.BACKBONE_NAME + " was " + name;
        }
        return kind == Kind.TORCHSCRIPT ? TrainerConfig.BACKBONE_TORCHSCRIPT + " was " + torchScript
                : TrainerConfig.BACKBONE_HASH + " was " + hash;
    }

    /**
     * Returns this setting as chosen by a catalogue name, with the tokenizer a text encoder needs.
     *
     * @param catalogueName the name in {@code backbones.json}
     * @param tokenizerFile the tokenizer, or {@code null} for a backbone that does not read text
     * @return the setting
     */
    public BackboneSetting named(String catalogueName, Path tokenizerFile) {
        return new BackboneSetting(kind, store, hash, torchScript, inputShape, catalogueName, tokenizerFile);
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
