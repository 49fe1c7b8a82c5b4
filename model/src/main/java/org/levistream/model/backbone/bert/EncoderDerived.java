package org.levistream.model.backbone.bert;

import ai.djl.Device;
import java.io.IOException;
import java.io.OutputStream;
import org.levistream.model.backbone.Backbone;

/**
 * A backbone made from a {@link BertBackbone}'s cached views or copied layers: it is that encoder as far as
 * checkpoints, catalogues and devices can tell (same content hash, kind, stored bytes and device), and differs only in
 * how its taps are computed and what trains.
 */
abstract class EncoderDerived implements Backbone {
    /** The pre-trained encoder; owned by whoever made this backbone. */
    protected final BertBackbone encoder;

    EncoderDerived(BertBackbone encoder) {
        this.encoder = encoder;
    }

    @Override
    public final String contentHash() {
        return encoder.contentHash();
    }

    @Override
    public final String kind() {
        return encoder.kind();
    }

    /** Writes the pre-trained encoder, as {@link BertBackbone#writeTo} does whatever fine-tuning did since. */
    @Override
    public final void writeTo(OutputStream out) throws IOException {
        encoder.writeTo(out);
    }

    @Override
    public final Device device() {
        return encoder.device();
    }
}
