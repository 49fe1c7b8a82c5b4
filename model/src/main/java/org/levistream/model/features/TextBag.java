package org.levistream.model.features;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.levistream.model.task.IdHasher;

/**
 * The small text model's view of a review: a hashed bag of its words and adjacent word pairs (bigrams), the input of
 * {@link org.levistream.model.task.SmallModelSpec.Kind#HASHED_TEXT}. Hashing needs no vocabulary, so a word first
 * seen in an OOD set still lands in a row (shared with others), as the hashed id tables do for new ids.
 *
 * <p>Words are {@link TitleTokenizer}'s (lower-case, runs of letters and digits) after HTML tags such as Amazon's
 * {@code <br />} are removed. A word {@code w} is hashed as {@code "w:" + w} and a bigram as {@code "b:" + w1 + " " +
 * w2}, so a word and a pair never share a hash by construction. The row is binary (a feature present or not), scaled
 * to unit L2 length so that long and short reviews give inputs of the same size.
 */
public final class TextBag {
    private static final Pattern TAGS = Pattern.compile("<[^>]{0,40}>");

    private final int buckets;

    /**
     * A featurizer.
     *
     * @param buckets the row's width: features are hashed into {@code [0, buckets)}; at least 1
     */
    public TextBag(int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets was " + buckets + " but must be at least 1");
        }
        this.buckets = buckets;
    }

    /** The row's width. */
    public int buckets() {
        return buckets;
    }

    /**
     * The buckets a text's words and bigrams fall in.
     *
     * @param text the text; {@code null} or blank gives none
     * @return distinct buckets, ascending (two features that share a bucket count once)
     */
    public int[] features(String text) {
        List<String> words = TitleTokenizer.tokens(text == null ? null : TAGS.matcher(text).replaceAll(" "));
        int[] rows = new int[Math.max(0, 2 * words.size() - 1)];
        int n = 0;
        for (int i = 0; i < words.size(); i++) {
            rows[n++] = (int) IdHasher.bucket("w:", words.get(i), buckets);
            if (i > 0) {
                rows[n++] = (int) IdHasher.bucket("b:", words.get(i - 1) + " " + words.get(i), buckets);
            }
        }
        return Arrays.stream(rows, 0, n).sorted().distinct().toArray();
    }

    /**
     * Writes one example's row: {@code 1/sqrt(k)} at each of its {@code k} buckets, 0 elsewhere.
     *
     * @param features the example's buckets, from {@link #features}
     * @param out      the batch's row-major {@code [batch, buckets]} array, zero where this row goes
     * @param offset   where the row starts in {@code out}
     */
    public void writeRow(int[] features, float[] out, int offset) {
        if (features.length == 0) {
            return;            // an empty review is the zero row
        }
        float value = (float) (1 / Math.sqrt(features.length));
        for (int f : features) {
            out[offset + f] = value;
        }
    }
}
