package org.levistream.trainer.loop;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.levistream.model.assembly.AssemblyOptions;
import org.levistream.model.assembly.ModelAssembly;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.backbone.TorchScriptBackbone;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.TextViewTaps;
import org.levistream.model.cache.TextViews;
import org.levistream.model.features.ItemTextViews;
import org.levistream.model.features.GloveVectors;
import org.levistream.model.features.ItemContentFeaturizer;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.features.UserHistory;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.task.SmallModelSpec;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.HashedFeatures;
import org.levistream.trainer.batching.ImageFeatures;
import org.levistream.trainer.batching.MovieLensFeatures;
import org.levistream.trainer.config.BackboneSetting;
import org.levistream.trainer.config.FeatureSetting;
import org.levistream.trainer.config.TrainerConfig;

/**
 * The model side of a run: the {@link ModelAssembly} (backbone, LEVI model and trainer, built the one way the model
 * module builds them) and the featurizer, made from the config and closed together. The trainer adds only what is
 * its own: which backbone the config names, and the checks that the featurizer's records fit the model (rows or
 * images of the backbone's input shape, the small model of the record type, a classifier for images).
 *
 * <p>Tap caching. The trainer's tap cache holds the frozen backbone's taps of the ID-validation sample only (keyed by
 * the held-out records' coordinates; see {@link org.levistream.trainer.validation.IdValidation}), bounded by
 * {@code trainer.holdout.sample}, and only for a stateless featurizer and a method whose backbone stays frozen.
 * Training batches carry no keys, so a step always runs the backbone over its whole batch. Caching training taps
 * would buy nothing on a stream, where each record is trained on once, and would cost exact resume: a cached tap
 * was computed inside an earlier batch, or a sub-batch of misses, of another size and content than a resumed run
 * (whose cache starts empty) computes it in, and libtorch's kernels need not give the same bits for one example
 * in batches of different shapes.
 *
 * <p>A text encoder ({@code trainer.backbone.name=minilm-l6}, {@code trainer.features=movielens}) is the exception
 * that needs no tap cache: its views of each item text are computed once, each text alone, and kept by text hash
 * ({@link TextViews}), so training and validation batches alike carry views, never tokens, and a resumed run sees
 * the same bits.
 *
 * @param assembly the backbone, model and trainer
 * @param builder  the featurizer, which also names the decoder of its records
 * @param closeFeatures releases what the featurizer holds beyond the heap (a text encoder's tokenizer)
 */
public record ModelSetup(ModelAssembly assembly, BatchBuilder<?> builder, Runnable closeFeatures)
        implements AutoCloseable {

    /**
     * Builds everything.
     *
     * @param config the trainer's config
     * @return the setup
     * @throws IOException            if the backbone or GloVe file cannot be read
     * @throws InvalidConfigException if the featurizer, backbone and model do not fit together
     */
    public static ModelSetup open(TrainerConfig config) throws IOException {
        NativeHeap.settle();
        Device device = config.device().resolve();
        checkModelFitsRecords(config);
        if (config.backbone().readsText()) {
            return openWithTextViews(config, device);
        }
        BatchBuilder<?> builder = builder(config.features(), config.model());
        BackboneSource source = config.backbone().kind() == BackboneSetting.Kind.NONE ? null : () -> {
            Backbone backbone = backbone(config.backbone(), device);
            try {
                checkNotText(backbone, config);
                checkInput(backbone, builder, config);
                return backbone;
            } catch (RuntimeException e) {
                backbone.close();
                throw e;
            }
        };
        // Only the ID-validation sample's taps are cached (see above); ModelAssembly builds no cache for a method
        // that trains the backbone.
        int cached = config.validates() && !builder.stateful() ? config.holdoutSample() : 0;
        return new ModelSetup(ModelAssembly.open(config.model(), source, device, new AssemblyOptions(cached, false)),
                builder, () -> { });
    }

    /**
     * Language-based MovieLens: the text encoder's frozen views of each item's text (title, year, genres), computed
     * once per distinct text ({@link TextViews}), and the user contexts pooled from the views of the items each user
     * rated before; the model taps them through {@link TextViewTaps}, which only slices the rows, so no step runs the
     * encoder and the ID-validation sample needs no tap cache: the views are the cache, exact by construction.
     */
    private static ModelSetup openWithTextViews(TrainerConfig config, Device device) throws IOException {
        Backbone opened = backbone(config.backbone(), device);
        if (!(opened instanceof BertBackbone encoder)) {
            opened.close();
            throw new InvalidConfigException(List.of(InvalidConfigException.problem(TrainerConfig.BACKBONE_TOKENIZER,
                    String.valueOf(config.backbone().tokenizer()), "must be unset: " + config.backbone().chosenAs()
                            + " is a " + opened.kind() + " backbone, not a text encoder")));
        }
        TextViewTaps taps = new TextViewTaps(encoder, true);
        BertTokenizer tokenizer = null;
        try {
            tokenizer = BertTokenizer.open(config.backbone().tokenizer());
            ItemTextViews content = new ItemTextViews(new TextViews(encoder, tokenizer));
            FeatureSetting features = config.features();
            UserHistory history = new UserHistory(content.width(), features.recentItems(), features.maxUsers());
            BatchBuilder<?> builder = new MovieLensFeatures(new RecommendationFeaturizer(content, history,
                    config.model().small().buckets(), 1_000_000));
            BertTokenizer owned = tokenizer;
            return new ModelSetup(ModelAssembly.open(config.model(), () -> taps, device,
                    new AssemblyOptions(0, false)), builder, owned::close);
        } catch (IOException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            taps.close();
            throw e;
        }
    }

    /**
     * Returns where everything lives.
     *
     * @return the device
     */
    public Device device() {
        return assembly.device();
    }

    /**
     * Returns the backbone.
     *
     * @return the frozen backbone, or {@code null} when the config names none
     */
    public Backbone backbone() {
        return assembly.backbone();
    }

    /**
     * Returns the model.
     *
     * @return the model
     */
    public LeviModel model() {
        return assembly.model();
    }

    /**
     * Returns the trainer.
     *
     * @return the trainer
     */
    public LeviTrainer trainer() {
        return assembly.trainer();
    }

    /** Closes the trainer, the model, the backbone and the featurizer's resources. */
    @Override
    public void close() {
        try {
            assembly.close();
        } finally {
            closeFeatures.run();
        }
    }

    private static BatchBuilder<?> builder(FeatureSetting features, ModelSpec model) throws IOException {
        int buckets = model.small().buckets();
        return switch (features.kind()) {
            case HASHED -> new HashedFeatures(buckets);
            case IMAGE -> new ImageFeatures(model.classes());
            case MOVIELENS -> {
                ItemContentFeaturizer content = ItemContentFeaturizer.movieLens(GloveVectors.read(features.glove()));
                UserHistory history = new UserHistory(content.width(), features.recentItems(), features.maxUsers());
                yield new MovieLensFeatures(new RecommendationFeaturizer(content, history, buckets, 1_000_000));
            }
        };
    }

    /** The task and the small model must be the ones the record type needs, before anything is built. */
    private static void checkModelFitsRecords(TrainerConfig config) {
        ModelSpec model = config.model();
        SmallModelSpec small = model.small();
        boolean usesSmall = model.method().usesSmallModel();
        List<String> problems = new ArrayList<>();
        if (config.features().kind() == FeatureSetting.Kind.IMAGE) {
            if (model.task() != TaskKind.CLASSIFICATION) {
                problems.add(InvalidConfigException.problem(ModelSpec.TASK, setting(model.task()), "must be "
                        + "classification when " + TrainerConfig.FEATURES + "=image: images carry class labels"));
            }
            if (usesSmall && (small.kind() != SmallModelSpec.Kind.CNN
                    || !small.inputShape().equals(ImageFeatures.INPUT_SHAPE))) {
                problems.add(InvalidConfigException.problem(SmallModelSpec.PREFIX + "kind", setting(small.kind())
                        + " (input shape " + small.inputShape() + ")", "must be cnn with input shape "
                        + ImageFeatures.INPUT_SHAPE + " when " + TrainerConfig.FEATURES + "=image"));
            }
        } else if (usesSmall && (small.kind() != SmallModelSpec.Kind.HASHED_IDS || small.idFields() != 2)) {
            problems.add(InvalidConfigException.problem(SmallModelSpec.PREFIX + "kind", setting(small.kind()) + " with "
                    + small.idFields() + " id fields", "must be hashed-ids with 2 fields (user, item) when "
                    + TrainerConfig.FEATURES + "=" + config.features().settingName()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    private static String setting(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Backbone backbone(BackboneSetting setting, Device device) throws IOException {
        return switch (setting.kind()) {
            case NONE -> throw new IllegalStateException("no backbone is configured");
            case STORE -> new BackboneStore(setting.store()).open(setting.hash(), device);
            case TORCHSCRIPT -> TorchScriptBackbone.load(setting.torchScript(),
                    new Shape(setting.inputShape().stream().mapToLong(Long::longValue).toArray()), device);
        };
    }

    /** A text encoder needs its tokenizer and text features; without them it would meet rows it cannot read. */
    private static void checkNotText(Backbone backbone, TrainerConfig config) {
        if (backbone instanceof BertBackbone) {
            throw new InvalidConfigException(List.of(InvalidConfigException.problem(TrainerConfig.BACKBONE_TOKENIZER,
                    "unset", "must name the tokenizer file of " + config.backbone().chosenAs() + ", a text encoder ("
                            + "choose it by " + TrainerConfig.BACKBONE_NAME + ", whose catalogue entry names it)")));
        }
    }

    private static void checkInput(Backbone backbone, BatchBuilder<?> builder, TrainerConfig config) {
        if (!config.model().method().usesBackbone()) {
            return;
        }
        Shape made = builder.backboneInputShape();
        if (!backbone.inputShape().equals(made)) {
            throw new InvalidConfigException(List.of(InvalidConfigException.problem(TrainerConfig.FEATURES,
                    config.features().settingName(), "makes backbone inputs of shape " + made + " but the backbone "
                            + "takes " + backbone.inputShape() + "; use the featurizer the backbone was pre-trained "
                            + "with")));
        }
    }
}
