package org.levistream.bench.train;

import ai.djl.Device;
import java.io.IOException;
import java.util.Random;
import org.levistream.experiment.offline.ExampleSet;
import org.levistream.experiment.offline.ModelRun;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.levi.ModelSpec;

/**
 * Measures training samples/s of one configuration: warm-up steps first (JIT, allocator, and, with a cache, one
 * pass over the data so that every example's taps are cached), then {@code steps} timed steps end to end (building
 * each batch from memory included, as the Python peer does).
 */
final class ThroughputProbe {
    private ThroughputProbe() {}

    static Measurement measure(ModelSpec spec, BackboneSource backbone, ExampleSet data, int batch, int warmup,
                               int steps, boolean cache, Device device) throws IOException {
        try (ModelRun run = ModelRun.create(spec, backbone, device, cache ? data.size() : 0)) {
            int[] order = permutation(data.size(), new Random(7));
            int at = 0;
            int warm = cache ? Math.max(warmup, (data.size() + batch - 1) / batch) : warmup;
            for (int s = 0; s < warm; s++) {
                at = step(run, data, order, at, batch);
            }
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                at = step(run, data, order, at, batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Measurement(steps * (double) batch / seconds, seconds * 1000 / steps);
        }
    }

    private static int step(ModelRun run, ExampleSet data, int[] order, int at, int batch) {
        int from = at + batch > order.length ? 0 : at;
        run.step(data, order, from, from + batch);
        return from + batch;
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
