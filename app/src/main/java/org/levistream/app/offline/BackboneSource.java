package org.levistream.app.offline;

import java.io.IOException;
import org.levistream.model.backbone.Backbone;

/** Opens a fresh copy of a pre-trained backbone: every run gets its own, since fine-tuning changes it in place. */
@FunctionalInterface
public interface BackboneSource {
    /** A new backbone in its pre-trained state; the caller closes it. */
    Backbone open() throws IOException;
}
