package org.levistream.trainer.loop;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Prepares a thread for training. libtorch keeps its grad mode per thread and starts new threads with it on; DJL
 * switches it off only on the thread that loads the engine. A step's optimizer update runs outside the gradient
 * collector and writes parameters in place, which libtorch refuses with grad mode on ("a leaf Variable that
 * requires grad is being used in an in-place operation").
 */
public final class EngineThreads {
    private EngineThreads() {}

    /**
     * Switches grad mode off on the calling thread, as on the engine's own thread. Benchmarks that compare with the
     * trainer train on such a thread too: libtorch's per-thread settings make the engine's own thread (usually
     * {@code main}) behave differently from others.
     */
    public static void prepareForTraining() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }
}
