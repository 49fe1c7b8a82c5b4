package org.levistream.model.cache;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct texts of one run, numbered in the order first seen, so that a batch can carry its texts to a text
 * backbone as a {@code [batch]} int64 array of numbers (every backbone input is an array). The views themselves
 * are cached by the text's content ({@link TextViews}, {@link TokenStates}), not by its number. Thread-safe.
 */
public final class TextCorpus {
    private final List<String> texts = new ArrayList<>();
    private final Map<String, Integer> numbers = new HashMap<>();

    /**
     * Numbers a text, adding it if new.
     *
     * @param text the text; {@code null} reads as the empty text
     * @return its number, the same for equal texts
     */
    public synchronized int number(String text) {
        String safe = text == null ? "" : text;
        return numbers.computeIfAbsent(safe, t -> {
            texts.add(t);
            return texts.size() - 1;
        });
    }

    /**
     * Reads a batch's texts back from their numbers.
     *
     * @param numbers {@code [batch]} int64, as {@link #number} gave them
     * @return the texts, in batch order
     * @throws IllegalArgumentException if a number was never given out
     */
    public List<String> texts(NDArray numbers) {
        long[] n = numbers.toLongArray();
        List<String> out = new ArrayList<>(n.length);
        synchronized (this) {
            for (long k : n) {
                if (k < 0 || k >= texts.size()) {
                    throw new IllegalArgumentException("text number " + k + " is not in the corpus of "
                            + texts.size() + " texts");
                }
                out.add(texts.get((int) k));
            }
        }
        return out;
    }

    /**
     * Every text, in number order.
     *
     * @return a copy
     */
    public synchronized List<String> all() {
        return List.copyOf(texts);
    }

    /** How many distinct texts. */
    public synchronized int size() {
        return texts.size();
    }
}
