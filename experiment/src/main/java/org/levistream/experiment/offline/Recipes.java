package org.levistream.experiment.offline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.SmallModelSpec;

/**
 * The models of the benchmarks (DESIGN §4): their backbones' architectures and the LEVI settings every method
 * starts from. Adam for the recommender and SGD with momentum for images, as in the paper; a run's learning rate
 * and seed are set per run, and {@code model.*} overrides change the rest.
 */
public final class Recipes {
    /** Widths of the recommendation backbone's content tower (over the item-content columns). */
    public static final List<Integer> CONTENT_TOWER = List.of(64, 32);
    /** Widths of the recommendation backbone's user-context tower (over the user-context columns). */
    public static final List<Integer> CONTEXT_TOWER = List.of(64, 32);
    /** Widths of the recommendation backbone's joint layers, over both towers' last outputs. */
    public static final List<Integer> JOINT_LAYERS = List.of(64, 32);
    /** Filters of the image backbone's three tapped stages. */
    public static final Integer[] IMAGE_BACKBONE = {16, 32, 64};
    /** SGD momentum for images. */
    public static final float MOMENTUM = 0.9f;

    private Recipes() {}

    /**
     * The recommendation backbone: a content tower over the item-content columns of a {@code [item content | user
     * context]} row (GloVe title mean, genre multi-hot, year) and a user-context tower over the rest (the same
     * content averaged over the user's recent items, mean rating, fill), 64 → 32 each, then joint layers of 64 and
     * 32 units over the two towers' concatenated outputs (32 + 32). All six layers are tapped: content1, content2, context1, context2, joint1,
     * joint2.
     *
     * @param inputWidth the row's width, {@link RecommendationFeaturizer#backboneWidth()} (244 for MovieLens: 121
     *                   content and 123 context columns)
     * @return the architecture
     */
    public static BackboneArchitecture ratingBackbone(int inputWidth) {
        int content = RecommendationFeaturizer.contentWidthOf(inputWidth);
        return BackboneArchitecture.twoTower(content, inputWidth - content, CONTENT_TOWER, CONTEXT_TOWER,
                JOINT_LAYERS);
    }

    /** The image backbone: a CNN over 28x28 images. */
    public static BackboneArchitecture imageBackbone() {
        return BackboneArchitecture.cnn28(IMAGE_BACKBONE);
    }

    /** Hidden units of the text model's first layer. */
    public static final int TEXT_HIDDEN = 64;

    /**
     * The settings a method starts from for a training set: {@link #spec(TaskKind, Method, float, long, long, Map)}
     * by its task, except that texts get the hashed word and bigram model (two classes, Adam as for the
     * recommender: both learn sparse, hashed inputs).
     *
     * @param train        the training set
     * @param method       the method
     * @param learningRate the run's learning rate
     * @param seed         the run's seed
     * @param unfreezeStep LP-FT's switch to full fine-tuning
     * @param overrides    {@code model.*} settings applied last
     * @return the validated spec
     */
    public static ModelSpec spec(ExampleSet train, Method method, float learningRate, long seed, long unfreezeStep,
                                 Map<String, String> overrides) {
        OptimizerSpec optimizer = train instanceof TextSet
                ? OptimizerSpec.adam(learningRate) : optimizer(optimizerKind(train.task()), learningRate, 1f);
        return spec(train, method, optimizer, seed, unfreezeStep, overrides);
    }

    /**
     * The recipe for a training set with a given optimizer: a text set's (hashed word and bigram bag, two classes)
     * or, for the others, {@link #spec(TaskKind, Method, OptimizerSpec, long, long, Map)}.
     *
     * @param train        the training set
     * @param method       the method
     * @param optimizer    the optimizer and its learning rate
     * @param seed         the model seed
     * @param unfreezeStep LP-FT's unfreeze step
     * @param overrides    {@code model.*} settings applied last
     * @return the spec
     */
    public static ModelSpec spec(ExampleSet train, Method method, OptimizerSpec optimizer, long seed,
                                 long unfreezeStep, Map<String, String> overrides) {
        if (!(train instanceof TextSet text)) {
            return spec(train.task(), method, optimizer, seed, unfreezeStep, overrides);
        }
        ModelSpec.Builder b = ModelSpec.builder().method(method).projectionWidth(32).headHidden(64)
                .seed(seed).unfreezeStep(unfreezeStep).classification(2)
                .small(SmallModelSpec.hashedText(text.buckets(), TEXT_HIDDEN, 32))
                .optimizer(optimizer);
        return withOverrides(b, overrides);
    }

    /**
     * The settings a method starts from for a task.
     *
     * @param task         ratings or 10 classes
     * @param method       the method
     * @param learningRate the run's learning rate
     * @param seed         the run's seed
     * @param unfreezeStep LP-FT's switch to full fine-tuning
     * @param overrides    {@code model.*} settings applied last (e.g. {@code model.projection.width=64})
     * @return the validated spec
     */
    public static ModelSpec spec(TaskKind task, Method method, float learningRate, long seed, long unfreezeStep,
                                 Map<String, String> overrides) {
        return spec(task, method, optimizer(optimizerKind(task), learningRate, 1f), seed, unfreezeStep, overrides);
    }

    /**
     * The optimizer the paper uses for a task: Adam for ratings, SGD with momentum for images.
     *
     * @param task ratings or classes
     * @return its kind
     */
    public static OptimizerSpec.Kind optimizerKind(TaskKind task) {
        return task == TaskKind.RATING ? OptimizerSpec.Kind.ADAM : OptimizerSpec.Kind.SGD;
    }

    /**
     * An optimizer as the search tries it: Adam with its defaults or SGD with momentum {@value #MOMENTUM}.
     *
     * @param kind           Adam or SGD
     * @param learningRate   the rate
     * @param backboneFactor the backbone's rate as a multiple of it
     * @return the spec
     */
    public static OptimizerSpec optimizer(OptimizerSpec.Kind kind, float learningRate, float backboneFactor) {
        OptimizerSpec o = kind == OptimizerSpec.Kind.ADAM ? OptimizerSpec.adam(learningRate)
                : OptimizerSpec.sgd(learningRate, MOMENTUM);
        return backboneFactor == 1f ? o : o.withBackboneLearningRateFactor(backboneFactor);
    }

    /**
     * The settings a method starts from for a task, with a given optimizer.
     *
     * @param task         ratings or 10 classes
     * @param method       the method
     * @param optimizer    the run's optimizer
     * @param seed         the run's seed
     * @param unfreezeStep LP-FT's switch to full fine-tuning
     * @param overrides    {@code model.*} settings applied last
     * @return the validated spec
     */
    public static ModelSpec spec(TaskKind task, Method method, OptimizerSpec optimizer, long seed, long unfreezeStep,
                                 Map<String, String> overrides) {
        ModelSpec.Builder b = ModelSpec.builder().method(method).projectionWidth(32).headHidden(64)
                .seed(seed).unfreezeStep(unfreezeStep).optimizer(optimizer);
        if (task == TaskKind.RATING) {
            b.task(TaskKind.RATING).classes(1)
                    .small(SmallModelSpec.hashedIds(2, MovieLensSplits.BUCKETS, 16, 32));
        } else {
            b.classification(10).small(SmallModelSpec.cnn28(32));
        }
        return withOverrides(b, overrides);
    }

    private static ModelSpec withOverrides(ModelSpec.Builder b, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return b.build();
        }
        Map<String, String> settings = new LinkedHashMap<>(b.build().toSettings());
        settings.putAll(overrides);
        return ModelSpec.fromSettings(settings);
    }
}
