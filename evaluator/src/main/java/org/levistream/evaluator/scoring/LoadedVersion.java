package org.levistream.evaluator.scoring;

import java.util.List;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.levi.LeviModel;

/**
 * A version's model, ready to score: loaded once when its scoring starts, shared by its slices and closed when it is
 * done. Owned by the stream thread that scores it (DJL models are not thread-safe).
 *
 * @param model    the model with the version's parameters
 * @param backbone its frozen backbone, or null for a model without one
 * @param batches  how its held-out records become batches
 * @param streams  the live topics it was trained on: its held-out topics are theirs
 */
public record LoadedVersion(LeviModel model, Backbone backbone, HeldOutBatches batches, List<String> streams)
        implements AutoCloseable {
    /** Closes the model, then the backbone. */
    @Override
    public void close() {
        model.close();
        if (backbone != null) {
            backbone.close();
        }
    }
}
