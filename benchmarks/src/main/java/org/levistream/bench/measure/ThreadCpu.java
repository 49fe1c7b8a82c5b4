package org.levistream.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads, native ones (GC, JIT) included, from {@code /proc/self/task}: a benchmark
 * takes a snapshot before and after a round and prints where the cores went, by thread name with digits dropped (so
 * that, say, all of the broker's request handlers add up); what threads that ended in between used is reported as one
 * item. Linux only; elsewhere the snapshots are empty.
 */
public final class ThreadCpu {
    /** The kernel's clock ticks per second ({@code USER_HZ}); 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100;

    /** What threads that end between two snapshots used: the process's total counts them, {@code task/} not. */
    private static final String ENDED = "(threads that ended)";

    /** What HotSpot's compiler threads are called, as far as the kernel's 15-character thread names keep it. */
    private static final String COMPILER_THREAD = "CompilerThre";

    private final Map<Integer, TaskTicks> threads;
    private final long processTicks;

    /** One thread's group and its CPU time so far, in clock ticks. */
    private record TaskTicks(String group, long ticks) {
    }

    private ThreadCpu(Map<Integer, TaskTicks> threads, long processTicks) {
        this.threads = threads;
        this.processTicks = processTicks;
    }

    /** The CPU time of every thread now. */
    public static ThreadCpu snapshot() {
        return snapshot(Path.of("/proc/self"));
    }

    /**
     * The CPU time of every thread of a process as procfs shows it.
     *
     * @param process the process's folder, e.g. {@code /proc/self}: its {@code stat}, and a {@code task/TID/stat} per
     *                thread
     * @return the snapshot; empty where there is no such folder
     */
    static ThreadCpu snapshot(Path process) {
        Map<Integer, TaskTicks> threads = new HashMap<>();
        long processTicks = read(process).map(TaskTicks::ticks).orElse(0L);
        try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
            tasks.forEach(task -> read(task).ifPresent(t -> threads.put(Integer.parseInt(
                    task.getFileName().toString()), t)));
        } catch (IOException | RuntimeException e) {
            // No procfs: the report is empty rather than the benchmark failing.
        }
        return new ThreadCpu(threads, processTicks);
    }

    /**
     * The cores each thread group used since {@code earlier}, over {@code seconds} of wall time, largest first;
     * e.g. {@code "main 0.95, levi-ingest-read-ahead 0.31, data-plane-kafka-request-handler- 0.22"}.
     */
    public String coresSince(ThreadCpu earlier, double seconds, int top) {
        Map<String, Long> ticks = new HashMap<>();
        threads.forEach((tid, now) -> {
            TaskTicks before = earlier.threads.get(tid);
            long used = now.ticks() - (before == null ? 0 : before.ticks());
            ticks.merge(now.group(), used, Long::sum);
        });
        long live = ticks.values().stream().mapToLong(Long::longValue).sum();
        long total = Math.max(live, processTicks - earlier.processTicks);
        ticks.put(ENDED, total - live);
        Map<String, Long> largest = ticks.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        return String.format(Locale.ROOT, "%.2f cores: ", total / TICKS_PER_SECOND / seconds)
                + largest.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / TICKS_PER_SECOND / seconds))
                .collect(Collectors.joining(", "));
    }

    /**
     * The cores the JIT's compiler threads ({@code C1/C2 CompilerThread#}) used since {@code earlier}: a warm-up is
     * over once they are nearly idle.
     *
     * @param earlier the earlier snapshot
     * @param seconds wall time in between
     * @return cores; 0 without procfs
     */
    public double compilerCoresSince(ThreadCpu earlier, double seconds) {
        long ticks = 0;
        for (Map.Entry<Integer, TaskTicks> e : threads.entrySet()) {
            if (e.getValue().group().contains(COMPILER_THREAD)) {
                TaskTicks before = earlier.threads.get(e.getKey());
                ticks += e.getValue().ticks() - (before == null ? 0 : before.ticks());
            }
        }
        return ticks / TICKS_PER_SECOND / seconds;
    }

    private static Optional<TaskTicks> read(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            // The name is in parentheses and may itself hold spaces or parentheses: split after the last ')'.
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] fields = stat.substring(close + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // utime, stime
            return Optional.of(new TaskTicks(group(stat.substring(open + 1, close)), ticks));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // the thread ended between the listing and the read
        }
    }

    /** Thread names without digits, so that numbered members of a pool add up. */
    private static String group(String name) {
        return name.replaceAll("[0-9]+", "#");
    }
}
