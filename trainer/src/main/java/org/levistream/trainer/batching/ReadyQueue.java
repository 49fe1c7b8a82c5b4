package org.levistream.trainer.batching;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Ready batches between the feed's thread, which puts, and the training thread, which takes.
 *
 * <p>The training thread never wakes the feed for each batch it takes: waking a parked thread costs the waker a system
 * call and, on a virtual machine, an interrupt to the other core (about 25 microseconds per step on the two-vCPU
 * development machine, 1-2% of a step). Instead a full queue parks the feed, and {@link #take} wakes it only once the
 * queue has drained to half, so that the feed refills half the queue per wake-up and still has half the queue's
 * steps to get the CPU back (docs/results/bench-pipeline.md).
 */
final class ReadyQueue {
    /** How long a parked feed waits at most before looking again: a backstop, not the wake-up. */
    private static final long BACKSTOP_NANOS = Duration.ofMillis(100).toNanos();

    private final BlockingQueue<ReadyBatch> queue;
    /** take() wakes the parked feed once this few batches are left. */
    private final int refillBelow;
    private final Thread feeder;

    /**
     * @param depth  ready batches kept ahead
     * @param feeder the thread that puts, woken at half a queue
     */
    ReadyQueue(int depth, Thread feeder) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.refillBelow = depth / 2;
        this.feeder = feeder;
    }

    /** On the training thread: the next batch, or {@code null} if none came in time. */
    ReadyBatch take(Duration timeout) throws InterruptedException {
        ReadyBatch batch = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (batch != null && queue.size() <= refillBelow) {
            LockSupport.unpark(feeder);
        }
        return batch;
    }

    /**
     * On the feed's thread: queues a batch, parking while the queue is full. Woken by {@link #take} at half a queue,
     * or by whoever unparks the feed (a commit request, closing).
     *
     * @param batch     the batch
     * @param whileFull run after each wake-up while the queue is full
     * @param closing   when it turns true, the batch is closed instead of queued
     * @return false if closed instead of queued
     * @throws InterruptedException if interrupted while the queue was full
     */
    boolean put(ReadyBatch batch, Runnable whileFull, BooleanSupplier closing) throws InterruptedException {
        while (!queue.offer(batch)) {
            LockSupport.parkNanos(this, BACKSTOP_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while the ready queue was full");
            }
            whileFull.run();
            if (closing.getAsBoolean()) {
                batch.close();
                return false;
            }
        }
        return true;
    }

    /** Frees the batches not taken. */
    void clear() {
        ReadyBatch b;
        while ((b = queue.poll()) != null) {
            b.close();
        }
    }
}
