package org.levistream.model.checkpoint;

import java.nio.file.Path;
import java.util.List;
import org.levistream.model.levi.TrainingState;
import org.levistream.model.optim.OptimizerState;
import org.levistream.model.tensor.NamedTensor;

/**
 * A checkpoint read back from disk after its checksums verified.
 *
 * @param directory    where it was read from
 * @param info         the contents of {@code checkpoint.json}
 * @param parameters   the trainable parameters from {@code parameters.bin}
 * @param optimizer    the optimizer state from {@code optimizer.bin}
 * @param metadataJson the caller's JSON blob from {@code metadata.json}, verbatim
 */
public record LoadedCheckpoint(Path directory, CheckpointInfo info, List<NamedTensor> parameters,
                               OptimizerState optimizer, String metadataJson) {
    /** Copies the parameter list. */
    public LoadedCheckpoint {
        parameters = List.copyOf(parameters);
    }

    /**
     * Returns the state a trainer restores from.
     *
     * @return step, parameters and optimizer state
     */
    public TrainingState trainingState() {
        return new TrainingState(info.step(), parameters, optimizer);
    }
}
