package org.levistream.model.backbone;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.levistream.common.config.InvalidConfigException;

/**
 * The shape of a {@link BlockBackbone}: which kind of network, the input it takes, its layers' widths and which of
 * those layers are tapped.
 *
 * <ul>
 *   <li>{@link Kind#MLP}: input {@code (features)}; layer i ({@code layer<i>}) is Linear(widths[i]) + ReLU.</li>
 *   <li>{@link Kind#CNN}: input {@code (channels, height, width)}; layer i ({@code layer<i>}) is a 3x3 convolution
 *       with widths[i] filters (padding 1) + ReLU, followed by a 2x2 max-pool while the feature map is at least
 *       8 pixels high (28 → 14 → 7). Its taps are averaged over the spatial axes.</li>
 *   <li>{@link Kind#TWO_TOWER}: input {@code (features)}, one row {@code [content | context]} that splits after
 *       {@link Towers#contentFeatures()} columns. A content tower (layers {@code content<i>}, Linear + ReLU each)
 *       reads only the first part, a user-context tower ({@code context<i>}) only the second; their last outputs
 *       are concatenated and pass through the joint layers ({@code joint<i>}, Linear(widths[i]) + ReLU). The
 *       towers share no weights, so a content tap never depends on the context columns, nor the reverse.</li>
 * </ul>
 *
 * <p>Layers are ordered content, context, joint (for the stacks: first to last), so the last layer is always the
 * deepest. {@code taps} names the layers exposed as taps, in that order; empty means every layer. Files written
 * before towers and tap selection existed carry neither and read back as an untouched MLP or CNN with every layer
 * tapped; empty {@code towers} and {@code taps} are left out of the JSON so that such files re-serialize to the same
 * bytes and keep their content hash.
 *
 * @param kind       the network's kind
 * @param inputShape one example's shape, without the batch axis
 * @param widths     units (MLP, and the joint layers of a two-tower network) or filters (CNN), one per layer
 * @param towers     the two towers of a {@link Kind#TWO_TOWER} network; {@code null} for the other kinds
 * @param taps       names of the tapped layers; empty (or {@code null}) for every layer
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BackboneArchitecture(Kind kind, List<Long> inputShape, List<Integer> widths, Towers towers,
                                   List<String> taps) {

    /** The kinds of network. */
    public enum Kind {
        /** Fully connected layers over a feature vector. */
        MLP,
        /** Convolutions over an image. */
        CNN,
        /** A content tower and a user-context tower over two parts of one feature row, then joint layers. */
        TWO_TOWER
    }

    /**
     * The towers of a {@link Kind#TWO_TOWER} network.
     *
     * @param contentFeatures how many leading input columns are item content; the rest are user context
     * @param content         the content tower's widths, one Linear + ReLU layer each
     * @param context         the user-context tower's widths, one Linear + ReLU layer each
     */
    public record Towers(int contentFeatures, List<Integer> content, List<Integer> context) {
        /** Copies the widths; validation is the architecture's, so that every problem is reported at once. */
        public Towers {
            content = content == null ? List.of() : List.copyOf(content);
            context = context == null ? List.of() : List.copyOf(context);
        }
    }

    /** Validates the architecture, reporting every problem at once. */
    public BackboneArchitecture {
        Objects.requireNonNull(kind, "kind");
        inputShape = List.copyOf(inputShape);
        widths = List.copyOf(widths);
        taps = taps == null ? List.of() : List.copyOf(taps);
        List<String> problems = new ArrayList<>();
        checkWidths("backbone.widths", widths, problems);
        int rank = kind == Kind.CNN ? 3 : 1;
        if (inputShape.size() != rank || inputShape.stream().anyMatch(d -> d < 1)) {
            problems.add("backbone.input.shape was " + inputShape + " but a " + kind + " backbone needs "
                    + (rank == 1 ? "(features)" : "(channels, height, width)") + " with positive sizes");
        }
        if (kind == Kind.TWO_TOWER) {
            checkTowers(towers, inputShape, problems);
        } else if (towers != null) {
            problems.add("backbone.towers was " + towers + " but only a TWO_TOWER backbone has towers");
        }
        if (problems.isEmpty()) {
            checkTaps(taps, layerNames(kind, widths, towers), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /**
     * An MLP over feature vectors, every layer tapped.
     *
     * @param inputWidth features per example
     * @param widths     one width per layer (three or more for LEVI's layer-wise views)
     * @return the architecture
     */
    public static BackboneArchitecture mlp(int inputWidth, Integer... widths) {
        return new BackboneArchitecture(Kind.MLP, List.of((long) inputWidth), List.of(widths), null, List.of());
    }

    /**
     * A CNN over single-channel 28x28 images (MNIST-like), every layer tapped.
     *
     * @param filters one filter count per layer (three or more for LEVI's layer-wise views)
     * @return the architecture
     */
    public static BackboneArchitecture cnn28(Integer... filters) {
        return new BackboneArchitecture(Kind.CNN, List.of(1L, 28L, 28L), List.of(filters), null, List.of());
    }

    /**
     * A two-tower network over {@code [content | context]} rows, every layer tapped.
     *
     * @param contentFeatures columns of item content, at the start of the row
     * @param contextFeatures columns of user context, after them
     * @param content         the content tower's widths
     * @param context         the user-context tower's widths
     * @param joint           the joint layers' widths, over the two towers' concatenated outputs
     * @return the architecture
     */
    public static BackboneArchitecture twoTower(int contentFeatures, int contextFeatures, List<Integer> content,
                                                List<Integer> context, List<Integer> joint) {
        return new BackboneArchitecture(Kind.TWO_TOWER, List.of((long) contentFeatures + contextFeatures), joint,
                new Towers(contentFeatures, content, context), List.of());
    }

    /**
     * Returns this architecture with only some layers tapped.
     *
     * @param names layer names (see {@link #layers()}); none for every layer
     * @return the new architecture
     * @throws InvalidConfigException if a name is not a layer of this architecture or appears twice
     */
    public BackboneArchitecture withTaps(String... names) {
        return new BackboneArchitecture(kind, inputShape, widths, towers, List.of(names));
    }

    /**
     * Describes every layer, tapped or not, in network order: content, context and joint layers for a two-tower
     * network, first to last for a stack. The last is the deepest.
     *
     * @return each layer's name and output width (units, or filters for a CNN)
     */
    public List<TapInfo> layers() {
        List<String> names = layerNames(kind, widths, towers);
        List<Integer> all = new ArrayList<>();
        if (towers != null) {
            all.addAll(towers.content());
            all.addAll(towers.context());
        }
        all.addAll(widths);
        List<TapInfo> layers = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            layers.add(new TapInfo(names.get(i), all.get(i)));
        }
        return List.copyOf(layers);
    }

    /**
     * Describes the tapped layers, in network order.
     *
     * @return the layers named by {@code taps}, or every layer when it is empty
     */
    public List<TapInfo> tappedLayers() {
        return layers().stream().filter(l -> taps.isEmpty() || taps.contains(l.name())).toList();
    }

    /**
     * Describes the network for people, e.g. {@code TWO_TOWER input 244: content 121 → 64 → 32, context 123 → 64 →
     * 32, joint 64 → 32; taps content1(64) ...}.
     *
     * @return one line
     */
    public String summary() {
        StringBuilder s = new StringBuilder(kind.toString()).append(" input ")
                .append(inputShape.stream().map(String::valueOf).collect(Collectors.joining("x"))).append(": ");
        if (towers != null) {
            long context = inputShape.get(0) - towers.contentFeatures();
            s.append(chain("content", towers.contentFeatures(), towers.content())).append(", ")
                    .append(chain("context", context, towers.context())).append(", ")
                    .append(chain("joint", towers.content().get(towers.content().size() - 1)
                            + towers.context().get(towers.context().size() - 1), widths));
        } else {
            s.append(chain("layers", inputShape.get(0), widths));
        }
        s.append("; taps");
        tappedLayers().forEach(t -> s.append(' ').append(t.name()).append('(').append(t.width()).append(')'));
        return s.toString();
    }

    private static String chain(String name, long input, List<Integer> widths) {
        return name + " " + input + widths.stream().map(w -> " → " + w).collect(Collectors.joining());
    }

    private static List<String> layerNames(Kind kind, List<Integer> widths, Towers towers) {
        List<String> names = new ArrayList<>();
        if (kind == Kind.TWO_TOWER) {
            number("content", towers.content().size(), names);
            number("context", towers.context().size(), names);
            number("joint", widths.size(), names);
        } else {
            number("layer", widths.size(), names);
        }
        return names;
    }

    private static void number(String prefix, int count, List<String> into) {
        for (int i = 1; i <= count; i++) {
            into.add(prefix + i);
        }
    }

    private static void checkWidths(String key, List<Integer> widths, List<String> problems) {
        if (widths.isEmpty()) {
            problems.add(key + " was [] but must list at least one layer width");
        } else if (widths.stream().anyMatch(w -> w < 1)) {
            problems.add(key + " was " + widths + " but every width must be at least 1");
        }
    }

    private static void checkTowers(Towers towers, List<Long> inputShape, List<String> problems) {
        if (towers == null) {
            problems.add("backbone.towers was missing but a TWO_TOWER backbone needs a content and a context tower");
            return;
        }
        checkWidths("backbone.towers.content", towers.content(), problems);
        checkWidths("backbone.towers.context", towers.context(), problems);
        long features = inputShape.size() == 1 ? inputShape.get(0) : 0;
        if (towers.contentFeatures() < 1 || towers.contentFeatures() >= features) {
            problems.add("backbone.towers.content.features was " + towers.contentFeatures() + " but must be in [1, "
                    + (features - 1) + "] so that both towers get columns of the " + features + "-feature input");
        }
    }

    private static void checkTaps(List<String> taps, List<String> layers, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (String tap : taps) {
            if (!layers.contains(tap)) {
                problems.add("backbone.taps was " + taps + " but " + tap + " is not a layer; the layers are " + layers);
            } else if (!seen.add(tap)) {
                problems.add("backbone.taps was " + taps + " but names " + tap + " twice");
            }
        }
    }
}
