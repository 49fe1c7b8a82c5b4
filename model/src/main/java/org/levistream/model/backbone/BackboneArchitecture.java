package org.levistream.model.backbone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.levistream.model.config.InvalidConfigException;

/**
 * The shape of a {@link BlockBackbone}: which kind of stack, the input it takes and one width per tapped stage.
 *
 * <ul>
 *   <li>{@link Kind#MLP}: input {@code (features)}; stage i is Linear(widths[i]) + ReLU, tapped after the ReLU.
 *       Used for recommendation content / user-context feature vectors.</li>
 *   <li>{@link Kind#CNN}: input {@code (channels, height, width)}; stage i is a 3x3 convolution with
 *       widths[i] filters (padding 1) + ReLU, followed by a 2x2 max-pool while the feature map is at least
 *       8 pixels high (28 → 14 → 7). Each stage is tapped and averaged over its spatial axes.</li>
 * </ul>
 *
 * @param kind       the stack's kind
 * @param inputShape one example's shape, without the batch axis
 * @param widths     units (MLP) or filters (CNN) per stage; one tap per stage
 */
public record BackboneArchitecture(Kind kind, List<Long> inputShape, List<Integer> widths) {

    /** The kinds of block stack. */
    public enum Kind {
        /** Fully connected layers over a feature vector. */
        MLP,
        /** Convolutions over an image. */
        CNN
    }

    /** Validates the architecture, reporting every problem at once. */
    public BackboneArchitecture {
        Objects.requireNonNull(kind, "kind");
        inputShape = List.copyOf(inputShape);
        widths = List.copyOf(widths);
        List<String> problems = new ArrayList<>();
        if (widths.isEmpty()) {
            problems.add("backbone.widths was [] but must list at least one stage width");
        }
        for (int w : widths) {
            if (w < 1) {
                problems.add("backbone.widths was " + widths + " but every width must be at least 1");
                break;
            }
        }
        int rank = kind == Kind.MLP ? 1 : 3;
        if (inputShape.size() != rank || inputShape.stream().anyMatch(d -> d < 1)) {
            problems.add("backbone.input.shape was " + inputShape + " but a " + kind + " backbone needs "
                    + (rank == 1 ? "(features)" : "(channels, height, width)") + " with positive sizes");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /**
     * An MLP tower over feature vectors.
     *
     * @param inputWidth features per example
     * @param widths     one width per stage (three or more for LEVI's layer-wise views)
     * @return the architecture
     */
    public static BackboneArchitecture mlp(int inputWidth, Integer... widths) {
        return new BackboneArchitecture(Kind.MLP, List.of((long) inputWidth), List.of(widths));
    }

    /**
     * A CNN over single-channel 28x28 images (MNIST-like).
     *
     * @param filters one filter count per stage (three or more for LEVI's layer-wise views)
     * @return the architecture
     */
    public static BackboneArchitecture cnn28(Integer... filters) {
        return new BackboneArchitecture(Kind.CNN, List.of(1L, 28L, 28L), List.of(filters));
    }
}
