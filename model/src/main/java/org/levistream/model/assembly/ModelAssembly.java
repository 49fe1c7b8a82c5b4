package org.levistream.model.assembly;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.util.regex.Pattern;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.cache.TapCache;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.tensor.NamedTensor;

/**
 * A backbone, the LEVI model over it and the model's trainer, built from settings in one place and closed together
 * (trainer, model, then backbone). The tap cache, when there is one, belongs to the trainer.
 *
 * <p>The backbone is opened whenever a source is given; the model taps it only when its method uses a backbone
 * (small-only ignores it). Callers that never want an unused backbone opened pass no source for such methods.
 */
public final class ModelAssembly implements AutoCloseable {
    /** The small model's id tables, as {@link LeviModel#ownParameters()} names them. */
    private static final Pattern ID_TABLE = Pattern.compile("small\\.table\\d+");

    private final Backbone backbone;
    private final LeviModel model;
    private final LeviTrainer trainer;

    private ModelAssembly(Backbone backbone, LeviModel model, LeviTrainer trainer) {
        this.backbone = backbone;
        this.model = model;
        this.trainer = trainer;
    }

    /**
     * Opens the backbone, then builds the model and its trainer.
     *
     * @param spec    the model's settings
     * @param source  opens the backbone; {@code null} for none (only small-only runs without one)
     * @param device  where the backbone, the model and the trainer live
     * @param options tap cache and id-table initialisation
     * @return the assembly; close it
     * @throws IOException if the backbone cannot be opened
     * @throws org.levistream.common.config.InvalidConfigException if the model's settings do not fit the backbone
     */
    public static ModelAssembly open(ModelSpec spec, BackboneSource source, Device device, AssemblyOptions options)
            throws IOException {
        Backbone backbone = source == null ? null : source.open();
        LeviModel model = null;
        try {
            model = LeviModel.create(spec, backbone, device);
            if (options.zeroIdTables()) {
                zeroIdTables(model);
            }
            boolean cached = options.tapCacheEntries() > 0 && model.backbone() != null
                    && !spec.method().evertrainsBackbone();
            LeviTrainer trainer = new LeviTrainer(model, cached ? new TapCache(model.backbone(),
                    options.tapCacheEntries()) : null);
            return new ModelAssembly(backbone, model, trainer);
        } catch (RuntimeException e) {
            if (model != null) {
                model.close();
            }
            if (backbone != null) {
                backbone.close();
            }
            throw e;
        }
    }

    /**
     * Returns the backbone this assembly owns.
     *
     * @return the backbone, or {@code null} when no source was given
     */
    public Backbone backbone() {
        return backbone;
    }

    /**
     * Returns the model.
     *
     * @return the model
     */
    public LeviModel model() {
        return model;
    }

    /**
     * Returns the model's trainer.
     *
     * @return the trainer, with its tap cache if any
     */
    public LeviTrainer trainer() {
        return trainer;
    }

    /**
     * Returns where everything lives.
     *
     * @return the model's device
     */
    public Device device() {
        return model.device();
    }

    /** Closes the trainer, the model and the backbone, in that order. */
    @Override
    public void close() {
        trainer.close();
        model.close();
        if (backbone != null) {
            backbone.close();
        }
    }

    private static void zeroIdTables(LeviModel model) {
        model.ownParameters().forEach((name, p) -> {
            if (ID_TABLE.matcher(name).matches()) {
                NDArray table = p.getArray();
                NamedTensor.of(name, table.getShape(), new float[Math.toIntExact(table.size())]).copyInto(table);
            }
        });
    }
}
