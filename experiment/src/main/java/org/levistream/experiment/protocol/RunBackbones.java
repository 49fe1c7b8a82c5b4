package org.levistream.experiment.protocol;

import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.levi.Method;

/**
 * Which backbone a run opens: the same pre-trained one for every method (MovieLens, digits), or, for the text
 * benchmark, the shared frozen views for the methods that keep MiniLM frozen and a fresh copy of its top layers for
 * FT and LP-FT.
 */
@FunctionalInterface
public interface RunBackbones {
    /**
     * The source for one run.
     *
     * @param method    the run's method; one that {@link Method#usesBackbone() uses a backbone}
     * @param topLayers the setting's top-layer count ({@link SearchPoint#topLayers()}), 0 for the whole backbone
     * @return the source
     * @throws InvalidConfigException if the benchmark cannot train that part of its backbone
     */
    BackboneSource source(Method method, int topLayers);

    /**
     * One source for every run; top-layer fine-tuning is refused (these backbones train whole).
     *
     * @param source the source
     * @return the backbones
     */
    static RunBackbones always(BackboneSource source) {
        return (method, topLayers) -> {
            if (topLayers != 0) {
                throw new InvalidConfigException(java.util.List.of("the FT top-layer count was " + topLayers
                        + " but this benchmark's backbone trains whole (0); only amazon's MiniLM trains its top "
                        + "layers"));
            }
            return source;
        };
    }
}
