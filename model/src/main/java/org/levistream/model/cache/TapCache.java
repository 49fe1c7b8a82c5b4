package org.levistream.model.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.TapInfo;

/**
 * An LRU cache (bounded by entry count) of one frozen backbone's taps per input id.
 *
 * <p>Values live on the JVM heap as one {@code float[]} per tap, never in an {@link NDManager}: a step's scope
 * closes after every batch, and arrays cached in it would dangle. {@link #taps} rebuilds {@code [B, width]}
 * arrays in the caller's manager from cached rows and runs the backbone only on the misses.
 *
 * <p>Valid only while the backbone is frozen: a trainer must not consult it in steps that train the backbone.
 * Thread-safe.
 */
public final class TapCache {
    private final Backbone backbone;
    private final int maxEntries;
    private final int[] widths;
    private final LinkedHashMap<String, float[][]> entries;
    private long hits;
    private long misses;

    /**
     * Creates an empty cache.
     *
     * @param backbone   the frozen backbone whose taps are cached
     * @param maxEntries how many inputs to keep; the least recently used is evicted beyond it
     */
    public TapCache(Backbone backbone, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries was " + maxEntries + " but must be at least 1");
        }
        this.backbone = backbone;
        this.maxEntries = maxEntries;
        this.widths = backbone.taps().stream().mapToInt(TapInfo::width).toArray();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[][]> eldest) {
                return size() > TapCache.this.maxEntries;
            }
        };
    }

    /**
     * Returns every tap for a batch, computing and caching those of inputs not seen before.
     *
     * @param input the backbone's input, {@code [B, ...]} arrays in a manager the caller controls
     * @param keys  one id per example; equal ids must mean equal inputs
     * @param into  the manager that will own the returned arrays (a step's scope)
     * @return one {@code [B, width]} array per tap, as {@link Backbone#taps(NDList, boolean)} returns them
     */
    public NDList taps(NDList input, List<String> keys, NDManager into) {
        int batch = keys.size();
        float[][][] rows = new float[batch][][];
        Map<String, Integer> missing = new LinkedHashMap<>();
        synchronized (this) {
            for (int i = 0; i < batch; i++) {
                rows[i] = entries.get(keys.get(i));
                if (rows[i] != null) {
                    hits++;
                } else if (missing.putIfAbsent(keys.get(i), i) == null) {
                    misses++;
                }
            }
        }
        if (!missing.isEmpty()) {
            fillMisses(input, keys, missing, rows);
        }
        NDList out = new NDList(widths.length);
        for (int t = 0; t < widths.length; t++) {
            float[] joined = new float[batch * widths[t]];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(rows[i][t], 0, joined, i * widths[t], widths[t]);
            }
            out.add(into.create(joined, new Shape(batch, widths[t])));
        }
        return out;
    }

    private void fillMisses(NDList input, List<String> keys, Map<String, Integer> missing, float[][][] rows) {
        List<Integer> firstRows = new ArrayList<>(missing.values());
        try (NDManager work = input.head().getManager().newSubManager()) {
            NDList subset = input;
            if (firstRows.size() < keys.size()) {
                NDArray index = work.create(firstRows.stream().mapToLong(Integer::longValue).toArray());
                subset = new NDList(input.size());
                for (NDArray a : input) {
                    NDArray picked = a.get(new NDIndex("{}", index));
                    picked.attach(work);
                    subset.add(picked);
                }
            }
            NDList computed = backbone.taps(subset, false);
            computed.attach(work);
            float[][] flat = new float[widths.length][];
            for (int t = 0; t < widths.length; t++) {
                flat[t] = computed.get(t).toFloatArray();
            }
            Map<String, float[][]> fresh = new LinkedHashMap<>();
            for (int m = 0; m < firstRows.size(); m++) {
                float[][] entry = new float[widths.length][];
                for (int t = 0; t < widths.length; t++) {
                    entry[t] = new float[widths[t]];
                    System.arraycopy(flat[t], m * widths[t], entry[t], 0, widths[t]);
                }
                fresh.put(keys.get(firstRows.get(m)), entry);
            }
            synchronized (this) {
                entries.putAll(fresh);
            }
            // Read back from the fresh rows, not the cache: a batch with more new ids than the bound evicts some.
            for (int i = 0; i < keys.size(); i++) {
                if (rows[i] == null) {
                    rows[i] = fresh.get(keys.get(i));
                }
            }
        }
    }

    /**
     * Returns the backbone whose taps are cached.
     *
     * @return the backbone given at construction
     */
    public Backbone backbone() {
        return backbone;
    }

    /**
     * Returns how many entries are cached.
     *
     * @return at most the bound given at construction
     */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * Counts lookups served from the cache.
     *
     * @return hits since construction
     */
    public synchronized long hits() {
        return hits;
    }

    /**
     * Counts distinct ids per batch that had to be computed.
     *
     * @return misses since construction
     */
    public synchronized long misses() {
        return misses;
    }
}
