package org.levistream.experiment.offline;

/**
 * Sets PyTorch's intra- and inter-op thread counts through DJL's system properties. DJL reads them once, when the
 * engine starts, so commands call this before touching any model. One thread is the steady choice on a shared
 * machine: with more, libgomp's workers spin-wait and a busy neighbour can slow small steps tenfold.
 */
public final class EngineThreads {
    private EngineThreads() {}

    /**
     * Asks for {@code threads} threads; 0 leaves DJL's default (one per core).
     *
     * @param threads the thread count, at least 0
     */
    public static void configure(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads was " + threads + " but must be >= 0 (0: the engine's default)");
        }
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(threads));
        }
    }
}
