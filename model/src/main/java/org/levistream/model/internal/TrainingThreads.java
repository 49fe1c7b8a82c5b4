package org.levistream.model.internal;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Makes any thread fit to run a training step. libtorch keeps its grad mode per thread and starts new threads with
 * it on; DJL switches it off only on the thread that loads the engine. A step's optimizer update runs outside the
 * gradient collector and writes parameters in place, which libtorch refuses with grad mode on ("a leaf Variable
 * that requires grad is being used in an in-place operation"). So every thread that steps is prepared once.
 */
public final class TrainingThreads {
    private static final ThreadLocal<Boolean> PREPARED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private TrainingThreads() {
    }

    /** Switches grad mode off on the calling thread, once, as DJL does on the engine's own thread. */
    public static void prepareCurrent() {
        if (PREPARED.get()) return;
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
        PREPARED.set(Boolean.TRUE);
    }
}
