package org.levistream.trainer.loop;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.List;
import org.levistream.model.assembly.AssemblyOptions;
import org.levistream.model.assembly.ModelAssembly;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.backbone.TorchScriptBackbone;
import org.levistream.model.features.GloveVectors;
import org.levistream.model.features.ItemContentFeaturizer;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.features.UserHistory;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.task.SmallModelSpec;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.HashedFeatures;
import org.levistream.trainer.batching.MovieLensFeatures;
import org.levistream.trainer.config.BackboneSetting;
import org.levistream.trainer.config.FeatureSetting;
import org.levistream.trainer.config.TrainerConfig;

/**
 * The model side of a run: the {@link ModelAssembly} (backbone, LEVI model and trainer, built the one way the model
 * module builds them) and the featurizer, made from the config and closed together. The trainer adds only what is
 * its own: which backbone the config names, and the check that the featurizer's rows fit it.
 *
 * @param assembly the backbone, model and trainer
 * @param builder  the featurizer
 */
public record ModelSetup(ModelAssembly assembly, BatchBuilder builder) implements AutoCloseable {

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
        SmallModelSpec small = config.model().small();
        if (config.model().method().usesSmallModel()
                && (small.kind() != SmallModelSpec.Kind.HASHED_IDS || small.idFields() != 2)) {
            throw new InvalidConfigException(List.of("model.small.kind was " + small.kind() + " with "
                    + small.idFields() + " id fields but interactions need hashed ids with 2 fields (user, item)"));
        }
        BatchBuilder builder = builder(config.features(), small.buckets());
        BackboneSource source = config.backbone().kind() == BackboneSetting.Kind.NONE ? null : () -> {
            Backbone backbone = backbone(config.backbone(), device);
            try {
                checkWidth(backbone, builder, config);
                return backbone;
            } catch (RuntimeException e) {
                backbone.close();
                throw e;
            }
        };
        return new ModelSetup(ModelAssembly.open(config.model(), source, device, AssemblyOptions.DEFAULT), builder);
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

    /** Closes the trainer, the model and the backbone. */
    @Override
    public void close() {
        assembly.close();
    }

    private static BatchBuilder builder(FeatureSetting features, int buckets) throws IOException {
        if (features.kind() == FeatureSetting.Kind.HASHED) {
            return new HashedFeatures(buckets);
        }
        ItemContentFeaturizer content = ItemContentFeaturizer.movieLens(GloveVectors.read(features.glove()));
        UserHistory history = new UserHistory(content.width(), features.recentItems(), features.maxUsers());
        return new MovieLensFeatures(new RecommendationFeaturizer(content, history, buckets, 1_000_000));
    }

    private static Backbone backbone(BackboneSetting setting, Device device) throws IOException {
        return switch (setting.kind()) {
            case NONE -> throw new IllegalStateException("no backbone is configured");
            case STORE -> new BackboneStore(setting.store()).open(setting.hash(), device);
            case TORCHSCRIPT -> TorchScriptBackbone.load(setting.torchScript(),
                    new Shape(setting.inputShape().stream().mapToLong(Long::longValue).toArray()), device);
        };
    }

    private static void checkWidth(Backbone backbone, BatchBuilder builder, TrainerConfig config) {
        if (!config.model().method().usesBackbone()) {
            return;
        }
        Shape expected = new Shape(builder.backboneWidth());
        if (!backbone.inputShape().equals(expected)) {
            throw new InvalidConfigException(List.of(TrainerConfig.FEATURES + " was "
                    + config.features().kind().name().toLowerCase(java.util.Locale.ROOT) + ", whose rows have "
                    + builder.backboneWidth() + " features, but the backbone takes " + backbone.inputShape()
                    + "; use the featurizer the backbone was pre-trained with"));
        }
    }
}
