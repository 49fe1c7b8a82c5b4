package org.levistream.bench.trainer;

import static org.levistream.bench.trainer.ThroughputBenchmark.CPU_GROUPS;
import static org.levistream.bench.trainer.ThroughputBenchmark.collectGarbage;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.levistream.bench.measure.ThreadCpu;
import org.levistream.model.levi.Batch;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.batching.Fetched;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.loop.ModelSetup;

/** The throughput benchmark's third side: the training steps over batches in memory, with no loop around them. */
final class BareSteps {
    /** Batches built in memory: each one's manager, its model batch and its record count. */
    private record Prebuilt(List<NDManager> managers, List<Batch> batches, int[] sizes) {}

    private BareSteps() {
    }

    /**
     * Runs on a thread of its own, as the trainer does (libtorch keeps settings per thread, and the engine's own
     * thread trains at another speed).
     */
    static ThroughputResult.Run onOwnThread(Callable<ThroughputResult.Run> run) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(run.call());
            } catch (Exception | Error e) {
                result.set(e);
            }
        }, "levi-bench-steps");
        thread.start();
        thread.join();
        if (result.get() instanceof Exception e) {
            throw e;
        }
        if (result.get() instanceof Error e) {
            throw e;
        }
        return (ThroughputResult.Run) result.get();
    }

    /**
     * The bare steps: builds every batch first, then times the steps over them, freeing each batch after its step as
     * the trainer does, with nothing else around them.
     */
    static <E> ThroughputResult.Run timeSteps(TrainerConfig config, BenchStream<E> stream,
                                              List<ComposedBatch<E>> composed) throws Exception {
        int warmupSteps = stream.warmupSteps();
        try (ModelSetup setup = ModelSetup.open(config)) {
            Prebuilt prebuilt = build(setup, stream.type(), composed);
            int stepped = 0;
            try {
                collectGarbage();
                long start = 0;
                long timed = 0;
                ThreadCpu cpuAtStart = null;
                for (; stepped < prebuilt.batches().size(); stepped++) {
                    if (stepped == warmupSteps) {
                        cpuAtStart = ThreadCpu.snapshot();
                        start = System.nanoTime();
                    }
                    setup.trainer().trainStep(prebuilt.batches().get(stepped));
                    prebuilt.managers().get(stepped).close();
                    if (stepped >= warmupSteps) {
                        timed += prebuilt.sizes()[stepped];
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                ThreadCpu cpuAtEnd = ThreadCpu.snapshot();
                return new ThroughputResult.Run(timed / seconds,
                        seconds * 1000 / Math.max(1, stepped - warmupSteps), 0, 0,
                        cpuAtEnd.coresSince(cpuAtStart, seconds, CPU_GROUPS),
                        cpuAtEnd.compilerCoresSince(cpuAtStart, seconds));
            } finally {
                prebuilt.managers().subList(Math.min(stepped, prebuilt.managers().size()), prebuilt.managers().size())
                        .forEach(NDManager::close);
            }
        }
    }

    /** Featurizes every batch with records. */
    private static <E> Prebuilt build(ModelSetup setup, Class<E> type, List<ComposedBatch<E>> composed) {
        List<NDManager> managers = new ArrayList<>(composed.size());
        List<Batch> batches = new ArrayList<>(composed.size());
        List<Integer> sizes = new ArrayList<>(composed.size());
        BatchBuilder<E> builder = setup.builder().forRecords(type);
        for (ComposedBatch<E> c : composed) {
            if (c.size() == 0) {
                continue;
            }
            NDManager m = NDManager.newBaseManager(setup.device());
            managers.add(m);
            batches.add(builder.training(c.records().stream().map(Fetched::event).toList(), m));
            sizes.add(c.size());
        }
        return new Prebuilt(managers, batches, sizes.stream().mapToInt(Integer::intValue).toArray());
    }
}
