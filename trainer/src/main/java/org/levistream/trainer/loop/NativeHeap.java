package org.levistream.trainer.loop;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps glibc's malloc from giving a training step's scratch memory back to the kernel after every step.
 *
 * <p>libtorch takes a step's temporaries from malloc. By default glibc returns the free top of a heap to the kernel
 * once it passes a small threshold, and drops a thread arena's newest 64 MiB heap as soon as it is empty. Whether a
 * step's few megabytes land there depends on how full the arena happens to be, so some runs (and some training
 * threads) unmap and fault in, zeroed, the same memory every step: measured at 100,000 to 370,000 page faults per
 * second on the training thread in such runs, which made a step up to 2.5 times slower; with the settings below, a
 * few thousand. Raising the trim threshold, the top pad and the mmap threshold (as {@code MALLOC_TRIM_THRESHOLD_},
 * {@code MALLOC_TOP_PAD_} and {@code MALLOC_MMAP_THRESHOLD_} would) keeps that memory mapped; the cost is up to
 * {@value #TRIM_THRESHOLD_MIB} MiB of free memory per malloc arena that stays mapped. Elsewhere than on Linux with
 * glibc nothing changes.
 */
final class NativeHeap {
    private static final Logger log = LoggerFactory.getLogger(NativeHeap.class);

    // mallopt parameters, from glibc's malloc.h.
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;

    private static final int TRIM_THRESHOLD_MIB = 256;
    private static final int TOP_PAD_MIB = 16;
    // glibc's cap on the dynamic mmap threshold: blocks below it come from the arenas, so they are reused too.
    private static final int MMAP_THRESHOLD_MIB = 32;

    private static final AtomicBoolean SETTLED = new AtomicBoolean();

    private interface LibC extends Library {
        int mallopt(int param, int value);
    }

    private NativeHeap() {}

    /** Sets glibc's malloc thresholds, once per process; where that is impossible, logs why and goes on. */
    static void settle() {
        if (!SETTLED.compareAndSet(false, true) || !Platform.isLinux()) {
            return;
        }
        try {
            LibC c = Native.load("c", LibC.class);
            boolean set = c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_MIB << 20) == 1
                    && c.mallopt(M_TOP_PAD, TOP_PAD_MIB << 20) == 1
                    && c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_MIB << 20) == 1;
            if (!set) {
                log.debug("mallopt refused a setting; malloc keeps its defaults (not glibc?)");
            }
        } catch (LinkageError e) {
            log.debug("mallopt is not available; malloc keeps its defaults: {}", e.toString());
        }
    }
}
