package org.levistream.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU breakdowns, first over a procfs written by the test (known ticks, so literal figures), then over the real
 * one, against the CPU clock of the thread that did the work.
 */
@Timeout(30)
class ThreadCpuTest {
    @TempDir
    Path proc;

    @Test
    void busyThreadsAreGroupedUnderTheirNamesWithoutDigitsLargestFirst() throws IOException {
        process(100);
        task(101, "spin-test-42", 10);
        task(102, "main", 5);
        task(103, "spin-test-43", 0);
        ThreadCpu before = ThreadCpu.snapshot(proc);
        process(200);
        task(101, "spin-test-42", 40);
        task(102, "main", 29);
        task(103, "spin-test-43", 30);

        String report = ThreadCpu.snapshot(proc).coresSince(before, 2.0, 3);

        // 100 ticks of the process over 2 s (USER_HZ 100): 0.50 cores; the spinners' 30 + 30 ticks, main's 24, and
        // the 16 left over went to threads that ended in between.
        assertThat(report).isEqualTo("0.50 cores: spin-test-# 0.30, main 0.12, (threads that ended) 0.08");
    }

    @Test
    void whatThreadsThatEndedUsedIsTheProcessTotalLessTheLiveThreads() throws IOException {
        process(50);
        task(7, "short-lived", 20);
        ThreadCpu before = ThreadCpu.snapshot(proc);
        process(130);
        Files.delete(proc.resolve("task/7/stat"));
        Files.delete(proc.resolve("task/7"));
        task(8, "main", 30);

        String report = ThreadCpu.snapshot(proc).coresSince(before, 1.0, 10);

        assertThat(report).isEqualTo("0.80 cores: (threads that ended) 0.50, main 0.30");
    }

    /** Only the compiler threads count as the JIT: a busy thread of another name adds nothing to it. */
    @Test
    void compilerCoresCountOnlyThreadsNamedLikeHotSpotsCompilerThreads() throws IOException {
        process(0);
        task(11, "C2 CompilerThre", 10);
        task(12, "C1 CompilerThre", 0);
        task(13, "levi-spin", 0);
        ThreadCpu before = ThreadCpu.snapshot(proc);
        process(200);
        task(11, "C2 CompilerThre", 50);
        task(12, "C1 CompilerThre", 10);
        task(13, "levi-spin", 150);
        ThreadCpu after = ThreadCpu.snapshot(proc);

        assertThat(after.compilerCoresSince(before, 2.0)).isEqualTo(0.25);
        assertThat(after.compilerCoresSince(after, 2.0)).isZero();
    }

    @Test
    void withoutProcfsTheSnapshotIsEmptyRatherThanFailing() {
        ThreadCpu none = ThreadCpu.snapshot(proc.resolve("missing"));

        assertThat(none.coresSince(none, 1.0, 3)).isEqualTo("0.00 cores: (threads that ended) 0.00");
        assertThat(none.compilerCoresSince(none, 1.0)).isZero();
    }

    /**
     * A thread burns a known amount of its own CPU time, measured by its own CPU clock, and waits while the snapshot
     * is taken: procfs reports the same time (to within two clock ticks), however busy the machine is.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aThreadShowsTheCpuTimeItsOwnClockMeasured() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong ownNanos = new AtomicLong();
        ThreadCpu before = ThreadCpu.snapshot();
        Thread burner = new Thread(() -> {
            long x = 0;
            while (mx.getCurrentThreadCpuTime() < TimeUnit.MILLISECONDS.toNanos(300)) {
                x += System.nanoTime() % 7;
            }
            ownNanos.set(mx.getCurrentThreadCpuTime() + (x == 42 ? 1 : 0));
            burnt.countDown();
            awaitQuietly(release);
        }, "burn-test-42");
        burner.start();
        assertThat(burnt.await(20, TimeUnit.SECONDS)).as("burnt 300 ms of CPU").isTrue();
        ThreadCpu after = ThreadCpu.snapshot();
        release.countDown();
        burner.join();

        // Over 1 s of "wall time", cores are CPU seconds.
        String report = after.coresSince(before, 1.0, 50);
        Matcher burn = Pattern.compile("burn-test-# ([0-9.]+)").matcher(report);
        assertThat(burn.find()).as(report).isTrue();
        assertThat(Double.parseDouble(burn.group(1))).as(report).isCloseTo(ownNanos.get() / 1e9, within(0.02));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(long ticks) throws IOException {
        Files.writeString(proc.resolve("stat"), stat(1, "java", ticks));
    }

    private void task(int tid, String name, long ticks) throws IOException {
        Path dir = Files.createDirectories(proc.resolve("task").resolve(Integer.toString(tid)));
        Files.writeString(dir.resolve("stat"), stat(tid, name, ticks));
    }

    /** A {@code stat} line as the kernel writes it, its CPU time split evenly into utime and stime. */
    private static String stat(int pid, String name, long ticks) {
        return String.format(Locale.ROOT, "%d (%s) S 1 1 1 0 -1 4194560 100 0 0 0 %d %d 0 0 20 0 1 0 42%n", pid, name,
                ticks - ticks / 2, ticks / 2);
    }
}
