package org.levistream.trainer;

/**
 * The trainer stops on purpose, for a reason its message states in full (another trainer holds the experiment,
 * another one fenced it, every record it read was poison). Logged and printed as that message alone, without a
 * stack trace: nothing failed that a developer must look into.
 */
public class TrainerRefusal extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the refusal.
     *
     * @param message the whole reason, one line
     * @param cause   what revealed it, or {@code null}
     */
    public TrainerRefusal(String message, Throwable cause) {
        super(message, cause);
    }
}
