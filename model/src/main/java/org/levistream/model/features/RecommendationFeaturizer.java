package org.levistream.model.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.levistream.model.task.IdHasher;

/**
 * Turns ratings into LEVI's two recommendation inputs: the backbone's row {@code [item content | user context]}
 * and the small model's hashed ids {@code [user bucket, item bucket]}. The row is {@code c} item-content columns
 * ({@link ItemContent}: {@link ItemContentFeaturizer} or {@link ItemTextViews}) then {@code c + 2} user-context
 * columns ({@link UserHistory}); a two-tower
 * backbone splits it there ({@link #contentWidthOf}).
 *
 * <p>Feed examples in event-time order through {@link #next}: it featurizes an example from the state as it was
 * before the example, then records the example in the user's history, so no example ever sees its own or a later
 * rating. Item content rows are cached per item id and content (bounded), since they depend only on the item. Not
 * thread-safe: one featurizer per stream.
 */
public final class RecommendationFeaturizer {
    /** Id fields per example: user, then item. */
    public static final int ID_FIELDS = 2;

    private final ItemContent content;
    private final UserHistory history;
    private final int buckets;
    private final LinkedHashMap<String, float[]> items;

    /**
     * Creates a featurizer.
     *
     * @param content   the item-content featurizer (GloVe columns or frozen text views)
     * @param history   the per-user state; its item width must be the content's
     * @param buckets   rows of the small model's id tables
     * @param maxItems  how many items' content rows to cache
     */
    public RecommendationFeaturizer(ItemContent content, UserHistory history, int buckets, int maxItems) {
        if (history.contextWidth() != content.width() + 2) {
            throw new IllegalArgumentException("the user history keeps rows of width " + (history.contextWidth() - 2)
                    + " but item content rows have width " + content.width());
        }
        if (buckets < 1 || maxItems < 1) {
            throw new IllegalArgumentException("buckets and maxItems must be at least 1, were " + buckets + ", "
                    + maxItems);
        }
        this.content = content;
        this.history = history;
        this.buckets = buckets;
        this.items = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > maxItems;
            }
        };
    }

    /**
     * Returns the width of the backbone row.
     *
     * @return content width + context width
     */
    public int backboneWidth() {
        return content.width() + history.contextWidth();
    }

    /**
     * Returns the width of the item-content part, which starts the backbone row.
     *
     * @return content width
     */
    public int contentWidth() {
        return content.width();
    }

    /**
     * Splits a backbone row width into its parts. The user context is always the mean of recent item-content rows
     * plus two numbers (mean rating, fill), so a row of width {@code 2c + 2} is {@code c} content columns followed
     * by {@code c + 2} context columns: a two-tower backbone needs only the row width to know where to split.
     *
     * @param backboneWidth a {@link #backboneWidth()}
     * @return the content width {@code c}
     * @throws IllegalArgumentException if no featurizer makes rows of that width
     */
    public static int contentWidthOf(int backboneWidth) {
        if (backboneWidth < 4 || backboneWidth % 2 != 0) {
            throw new IllegalArgumentException("a recommendation row of width " + backboneWidth
                    + " cannot be [content c | context c + 2]; the width must be even and at least 4");
        }
        return (backboneWidth - 2) / 2;
    }

    /**
     * Featurizes an example from the current state, then records it in its user's history.
     *
     * @param example     the next example in event-time order
     * @param backbone    destination of the backbone row
     * @param offset      where the {@link #backboneWidth()} floats start
     * @param ids         destination of the bucket indices
     * @param idOffset    where the {@link #ID_FIELDS} ids start
     */
    public void next(RatingExample example, float[] backbone, int offset, long[] ids, int idOffset) {
        featurize(example, backbone, offset, ids, idOffset);
        history.record(example.userId(), example.eventTime(), backbone, offset, example.rating());
    }

    /**
     * Records an example in its user's history without featurizing it: for a rating that later examples may see
     * but that is not an example of this featurizer's set.
     *
     * @param example the next example in event-time order
     */
    public void record(RatingExample example) {
        history.record(example.userId(), example.eventTime(), itemRow(example), 0, example.rating());
    }

    /**
     * Featurizes an example from the current state without recording it (e.g. to predict before the label is
     * known).
     *
     * @param example  the example
     * @param backbone destination of the backbone row
     * @param offset   where the {@link #backboneWidth()} floats start
     * @param ids      destination of the bucket indices
     * @param idOffset where the {@link #ID_FIELDS} ids start
     */
    public void featurize(RatingExample example, float[] backbone, int offset, long[] ids, int idOffset) {
        float[] row = itemRow(example);
        System.arraycopy(row, 0, backbone, offset, row.length);
        history.contextInto(example.userId(), example.eventTime(), backbone, offset + row.length);
        ids[idOffset] = IdHasher.bucket("user-", example.userId(), buckets);
        ids[idOffset + 1] = IdHasher.bucket("item-", example.itemId(), buckets);
    }

    private float[] itemRow(RatingExample example) {
        // Keyed by the item and its content: a record that brings other metadata for a known id gets its own row.
        String key = example.itemId() + '\u0000' + example.title().orElse("") + '\u0000' + example.genres()
                + '\u0000' + example.releaseYear();
        float[] row = items.get(key);
        if (row == null) {
            row = new float[content.width()];
            content.featurize(example.title(), example.genres(), example.releaseYear(), row, 0);
            items.put(key, row);
        }
        return row;
    }

    /**
     * Forgets every user's history, as a new featurizer starts; cached item rows stay, since they depend on each
     * item's own content alone.
     */
    public void clearHistory() {
        history.clear();
    }

    /**
     * Writes the state that later features depend on: the user histories (item rows are recomputed from each
     * record's own content).
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    public void writeState(DataOutput out) throws IOException {
        history.writeTo(out);
    }

    /**
     * Restores the state {@link #writeState} wrote, into a featurizer whose history is empty.
     *
     * @param in where it was written
     * @throws IOException if it cannot be read or does not fit
     */
    public void readState(DataInput in) throws IOException {
        history.readFrom(in);
    }
}
