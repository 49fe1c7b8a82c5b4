package org.levistream.model.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.internal.Sha256;

/**
 * The frozen lower layers' token outputs per distinct text: the output of layer {@code depth} of a frozen
 * {@link BertBackbone}, one row per token, so that fine-tuning only the layers above ("FT of the top k layers") need
 * not run the frozen ones again at every step.
 *
 * <p>Exact as {@link TextViews} is: every text is encoded alone (no padding), so its rows never depend on the other
 * texts of a batch. Kept on the heap by the SHA-256 of the text's UTF-8 bytes, unbounded: a review of 91 tokens
 * holds 91 × 384 floats (140 KB), 5,000 reviews about 700 MB. Valid only while the lower layers are frozen (they
 * are: the trained top layers are a copy). Thread-safe.
 */
public final class TokenStates {
    private final BertBackbone backbone;
    private final BertTokenizer tokenizer;
    private final int depth;
    private final int hidden;
    private final Map<String, float[]> byTextHash = new HashMap<>();
    private long misses;

    /**
     * Creates an empty cache.
     *
     * @param backbone  the frozen encoder; not closed by this cache
     * @param tokenizer its tokenizer; not closed by this cache
     * @param depth     the layer whose output is kept, 1 .. {@link BertBackbone#layers()} (0: the embeddings')
     */
    public TokenStates(BertBackbone backbone, BertTokenizer tokenizer, int depth) {
        if (depth < 0 || depth > backbone.layers()) {
            throw new IllegalArgumentException("depth was " + depth + " but must be in [0, " + backbone.layers() + "]");
        }
        this.backbone = backbone;
        this.tokenizer = tokenizer;
        this.depth = depth;
        this.hidden = backbone.taps().get(0).width();
    }

    /**
     * Returns one text's token rows, computing them on first use.
     *
     * @param text the text; {@code null} reads as the empty text
     * @return {@code tokens × hidden} floats, row-major; callers must not modify it
     */
    public float[] of(String text) {
        String safe = text == null ? "" : text;
        String key = Sha256.hex(safe.getBytes(StandardCharsets.UTF_8));
        synchronized (this) {
            float[] cached = byTextHash.get(key);
            if (cached != null) {
                return cached;
            }
        }
        float[] computed = encodeAlone(safe);
        synchronized (this) {
            misses++;
            byTextHash.putIfAbsent(key, computed);
            return byTextHash.get(key);
        }
    }

    /**
     * Returns how many tokens a text has (its cached rows), computing them on first use.
     *
     * @param text the text
     * @return its token count, special tokens included
     */
    public int tokens(String text) {
        return of(text).length / hidden;
    }

    /**
     * Returns a batch's token rows, zero-padded to its longest text, with the attention mask.
     *
     * @param texts the batch
     * @param into  the manager that owns the result (a step's scope)
     * @return {@code [states [n, T, hidden] float32, mask [n, T] int64]}
     */
    public NDList batch(List<String> texts, NDManager into) {
        int n = texts.size();
        float[][] rows = new float[n][];
        int longest = 1;
        for (int i = 0; i < n; i++) {
            rows[i] = of(texts.get(i));
            longest = Math.max(longest, rows[i].length / hidden);
        }
        float[] states = new float[n * longest * hidden];
        long[] mask = new long[n * longest];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, states, i * longest * hidden, rows[i].length);
            java.util.Arrays.fill(mask, i * longest, i * longest + rows[i].length / hidden, 1L);
        }
        return new NDList(into.create(states, new Shape(n, longest, hidden)),
                into.create(mask, new Shape(n, longest)));
    }

    /**
     * Stores rows computed elsewhere from the same single-text pass ({@link TextViews#warm}), so that one encoder
     * pass fills both caches; the bits are those {@link #of} would compute, since layer {@code depth}'s output does
     * not depend on the layers above it.
     */
    synchronized void put(String key, float[] rows) {
        if (byTextHash.putIfAbsent(key, rows) == null) {
            misses++;
        }
    }

    /** Whether a text hash is cached. */
    synchronized boolean has(String key) {
        return byTextHash.containsKey(key);
    }

    private float[] encodeAlone(String text) {
        try (NDManager work = backbone.manager().newSubManager()) {
            NDList states = backbone.hiddenStates(tokenizer.encode(List.of(text), work), depth, false);
            NDArray last = states.get(depth);
            return last.toFloatArray();
        }
    }

    /** The layer whose output is kept. */
    public int depth() {
        return depth;
    }

    /** How many distinct texts are cached. */
    public synchronized int size() {
        return byTextHash.size();
    }

    /** Texts that had to be encoded. */
    public synchronized long misses() {
        return misses;
    }
}
