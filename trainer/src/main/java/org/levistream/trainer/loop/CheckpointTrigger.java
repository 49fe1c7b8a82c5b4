package org.levistream.trainer.loop;

import java.time.Duration;

/**
 * Decides when to checkpoint: after {@code everySteps} steps or {@code every} time since the last checkpoint,
 * whichever comes first (zero turns a criterion off). Where checkpoints fall never changes what is trained, only
 * how much a crash loses.
 *
 * @param everySteps steps between checkpoints; 0 for no step criterion
 * @param every      time between checkpoints; zero for no time criterion
 */
public record CheckpointTrigger(long everySteps, Duration every) {
    /**
     * Tells whether a checkpoint is due.
     *
     * @param stepsSince steps since the last checkpoint
     * @param sinceLast  time since the last checkpoint (or the start)
     * @return true when a criterion is met and at least one step was taken
     */
    public boolean due(long stepsSince, Duration sinceLast) {
        if (stepsSince < 1) {
            return false;
        }
        return (everySteps > 0 && stepsSince >= everySteps) || (!every.isZero() && sinceLast.compareTo(every) >= 0);
    }
}
