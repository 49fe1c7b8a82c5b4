package org.levistream.model.levi;

import java.util.List;
import org.levistream.model.optim.OptimizerState;
import org.levistream.model.tensor.NamedTensor;

/**
 * Everything a {@link LeviTrainer} needs to continue exactly where it stopped: the next step's number, the
 * trainable parameters and the optimizer's state. The random state is the run's seed plus {@code step}: the
 * trainer reseeds the engine from both before every step.
 *
 * @param step       steps taken so far (the next step's 0-based number)
 * @param parameters every parameter that the method ever trains, in the model's order
 * @param optimizer  the optimizer's state
 */
public record TrainingState(long step, List<NamedTensor> parameters, OptimizerState optimizer) {
    /** Copies the parameter list. */
    public TrainingState {
        if (step < 0) {
            throw new IllegalArgumentException("step was " + step + " but must be >= 0");
        }
        parameters = List.copyOf(parameters);
    }
}
