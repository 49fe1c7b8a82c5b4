package org.levistream.model.internal;

/**
 * Derives the engine's random seeds from a run's seed. DJL exposes no RNG state to save, so the trainer reseeds
 * the engine before every step from (seed, step): a resumed run then draws the same random numbers (dropout
 * masks, initialisation) as one that never stopped.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * Mixes a run seed and a step into the int that {@code Engine.setRandomSeed} takes.
     *
     * @param seed the run's seed
     * @param step the step about to run (0-based); {@code -1} is used for initialisation
     * @return a well-mixed 32-bit seed
     */
    public static int forStep(long seed, long step) {
        long z = mix64(seed ^ mix64(step + 0x9E3779B97F4A7C15L));
        return (int) (z ^ (z >>> 32));
    }

    /**
     * SplitMix64's finaliser: a bijective mix of 64 bits.
     *
     * @param x the input
     * @return the mixed value
     */
    public static long mix64(long x) {
        long z = x;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
