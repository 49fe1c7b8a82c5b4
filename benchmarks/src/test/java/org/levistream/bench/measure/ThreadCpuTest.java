package org.levistream.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@Timeout(30)
@EnabledOnOs(OS.LINUX)
class ThreadCpuTest {

    @Test
    void aBusyThreadShowsUpUnderItsNameWithoutDigits() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread spinner = new Thread(() -> {
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");   // keeps the loop from being optimised away
            }
        }, "spin-test-42");
        ThreadCpu before = ThreadCpu.snapshot();
        long started = System.nanoTime();
        spinner.start();
        Thread.sleep(400);
        ThreadCpu during = ThreadCpu.snapshot();
        double seconds = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        spinner.join();

        String report = during.coresSince(before, seconds, 3);

        Matcher spin = Pattern.compile("spin-test-# ([0-9.]+)").matcher(report);
        assertThat(spin.find()).as(report).isTrue();
        // One thread spinning for the whole window: most of a core, on a machine that is not idle.
        assertThat(Double.parseDouble(spin.group(1))).as(report).isBetween(0.3, 1.05);
        Matcher total = Pattern.compile("^([0-9.]+) cores: ").matcher(report);
        assertThat(total.find()).as(report).isTrue();
        assertThat(Double.parseDouble(total.group(1))).as(report)
                .isGreaterThanOrEqualTo(Double.parseDouble(spin.group(1)));
    }

    /** Only the compiler threads count as the JIT: a busy thread of another name adds nothing to it. */
    @Test
    void compilerCoresCountThreadsNamedLikeHotSpotsCompilerThreads() throws Exception {
        ThreadCpu before = ThreadCpu.snapshot();
        long started = System.nanoTime();
        Thread lookalike = spinFor(800, "C2 CompilerThread7");
        Thread other = spinFor(800, "levi-spin");
        Thread.sleep(500);
        ThreadCpu during = ThreadCpu.snapshot();
        double seconds = (System.nanoTime() - started) / 1e9;
        lookalike.join();
        other.join();

        double compiler = during.compilerCoresSince(before, seconds);
        String report = during.coresSince(before, seconds, 20);
        Matcher group = Pattern.compile("C# CompilerThre ([0-9.]+)").matcher(report);
        Matcher spin = Pattern.compile("levi-spin ([0-9.]+)").matcher(report);
        assertThat(group.find() && spin.find()).as(report).isTrue();
        assertThat(Double.parseDouble(spin.group(1))).as(report).isGreaterThan(0.2);
        assertThat(compiler).as(report).isGreaterThan(0.2)
                .isCloseTo(Double.parseDouble(group.group(1)), within(0.011));
        assertThat(during.compilerCoresSince(during, seconds)).isZero();
    }

    private static Thread spinFor(long millis, String name) {
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }, name);
        t.start();
        return t;
    }

    @Test
    void threadsThatEndBetweenSnapshotsAreCountedTogether() throws Exception {
        ThreadCpu before = ThreadCpu.snapshot();
        long started = System.nanoTime();
        Thread shortLived = new Thread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }, "short-lived");
        shortLived.start();
        shortLived.join();

        String report = ThreadCpu.snapshot().coresSince(before, (System.nanoTime() - started) / 1e9, 10);

        Matcher ended = Pattern.compile("\\(threads that ended\\) ([0-9.]+)").matcher(report);
        assertThat(ended.find()).as(report).isTrue();
        assertThat(Double.parseDouble(ended.group(1))).as(report).isGreaterThan(0.2);
    }
}
