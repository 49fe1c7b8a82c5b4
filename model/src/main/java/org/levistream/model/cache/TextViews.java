package org.levistream.model.cache;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.TapInfo;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.internal.Sha256;

/**
 * The frozen views of texts: every tap of a frozen {@link BertBackbone} per distinct text, computed once and kept
 * on the heap by the SHA-256 of the text's UTF-8 bytes.
 *
 * <p>Exact by construction: a text is always encoded alone (a batch of one, no padding), so its view never depends
 * on which other texts shared its batch or on the order texts were first seen. A run that resumes, or a second seed
 * that reuses the cache, therefore sees bit-identical views. Batched encoding would be faster but changes the last
 * bits with the padded length.
 *
 * <p>Unbounded: a benchmark has thousands of distinct texts at 7 × 384 floats (about 10 KB) each. Valid only while
 * the backbone is frozen; {@link #of} refuses a trainable one. Thread-safe.
 */
public final class TextViews {
    private final BertBackbone backbone;
    private final BertTokenizer tokenizer;
    private final int[] widths;
    private final Map<String, float[][]> byTextHash = new HashMap<>();
    private long hits;
    private long misses;

    /**
     * Creates an empty cache.
     *
     * @param backbone  the frozen encoder; not closed by this cache
     * @param tokenizer its tokenizer; not closed by this cache
     */
    public TextViews(BertBackbone backbone, BertTokenizer tokenizer) {
        this.backbone = backbone;
        this.tokenizer = tokenizer;
        this.widths = backbone.taps().stream().mapToInt(TapInfo::width).toArray();
    }

    /**
     * Returns every tap of one text, computing it on first use.
     *
     * @param text the text; {@code null} reads as the empty text
     * @return one row per tap, in {@link BertBackbone#taps()} order; callers must not modify it
     * @throws IllegalStateException if the backbone is trainable, when cached views would go stale
     */
    public float[][] of(String text) {
        if (backbone.isTrainable()) {
            throw new IllegalStateException("text views are cached from a frozen backbone, but this one is trainable");
        }
        String safe = text == null ? "" : text;
        String key = Sha256.hex(safe.getBytes(StandardCharsets.UTF_8));
        synchronized (this) {
            float[][] cached = byTextHash.get(key);
            if (cached != null) {
                hits++;
                return cached;
            }
        }
        float[][] computed = encodeAlone(safe);
        synchronized (this) {
            misses++;
            byTextHash.putIfAbsent(key, computed);
            return byTextHash.get(key);
        }
    }

    /**
     * Returns every tap of a batch of texts as arrays in the caller's manager.
     *
     * @param texts the batch
     * @param into  the manager that owns the result (a step's scope)
     * @return one {@code [texts, width]} array per tap
     */
    public NDList batch(List<String> texts, NDManager into) {
        int n = texts.size();
        float[][] joined = new float[widths.length][];
        for (int t = 0; t < widths.length; t++) {
            joined[t] = new float[n * widths[t]];
        }
        for (int i = 0; i < n; i++) {
            float[][] view = of(texts.get(i));
            for (int t = 0; t < widths.length; t++) {
                System.arraycopy(view[t], 0, joined[t], i * widths[t], widths[t]);
            }
        }
        NDList out = new NDList(widths.length);
        for (int t = 0; t < widths.length; t++) {
            out.add(into.create(joined[t], new Shape(n, widths[t])));
        }
        return out;
    }

    /**
     * Computes, in one encoder pass per text (each alone, as {@link #of} does), the views of every text not cached
     * yet and the token rows the given token caches lack: a bulk warm-up before training, so that no step pays for
     * encoding and the encoder runs once per text for all the caches together. The bits are those {@link #of} and
     * {@link TokenStates#of} compute.
     *
     * @param texts  the texts
     * @param tokens token caches of the same encoder to fill on the way
     * @return how many texts were encoded
     */
    public int warm(List<String> texts, List<TokenStates> tokens) {
        if (backbone.isTrainable()) {
            throw new IllegalStateException("text views are cached from a frozen backbone, but this one is trainable");
        }
        int encoded = 0;
        for (String text : texts) {
            String safe = text == null ? "" : text;
            String key = Sha256.hex(safe.getBytes(StandardCharsets.UTF_8));
            boolean missing;
            synchronized (this) {
                missing = !byTextHash.containsKey(key);
            }
            List<TokenStates> lacking = tokens.stream().filter(t -> !t.has(key)).toList();
            if (!missing && lacking.isEmpty()) {
                continue;
            }
            try (NDManager work = backbone.manager().newSubManager()) {
                NDList input = tokenizer.encode(List.of(safe), work);
                NDList states = backbone.hiddenStates(input, false);
                if (missing) {
                    NDList taps = BertBackbone.meanPooled(states, input.get(1));
                    float[][] view = new float[widths.length][];
                    for (int t = 0; t < widths.length; t++) {
                        view[t] = taps.get(t).toFloatArray();
                    }
                    synchronized (this) {
                        if (byTextHash.putIfAbsent(key, view) == null) {
                            misses++;
                        }
                    }
                }
                for (TokenStates t : lacking) {
                    t.put(key, states.get(t.depth()).toFloatArray());
                }
            }
            encoded++;
        }
        return encoded;
    }

    private float[][] encodeAlone(String text) {
        try (NDManager work = backbone.manager().newSubManager()) {
            NDList taps = backbone.taps(tokenizer.encode(List.of(text), work), false);
            float[][] view = new float[widths.length][];
            for (int t = 0; t < widths.length; t++) {
                view[t] = taps.get(t).toFloatArray();
            }
            return view;
        }
    }

    /** The tap widths, in {@link BertBackbone#taps()} order. */
    public int[] widths() {
        return widths.clone();
    }

    /** How many distinct texts are cached. */
    public synchronized int size() {
        return byTextHash.size();
    }

    /** Lookups served from the cache. */
    public synchronized long hits() {
        return hits;
    }

    /** Texts that had to be encoded. */
    public synchronized long misses() {
        return misses;
    }
}
