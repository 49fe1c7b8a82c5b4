package org.levistream.model.backbone;

import java.io.IOException;

/**
 * Opens a fresh copy of a backbone: every model gets its own, since fine-tuning (FT, LP-FT) changes it in place.
 */
@FunctionalInterface
public interface BackboneSource {
    /**
     * Opens the backbone in its stored (pre-trained) state.
     *
     * @return a new backbone; the caller closes it
     * @throws IOException if it cannot be read
     */
    Backbone open() throws IOException;
}
