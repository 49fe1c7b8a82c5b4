package org.levistream.model.features;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.levistream.model.cache.TextViews;

/**
 * An item's content as frozen text views: the item becomes one text (title, year, genres), and its row is every tap
 * of the frozen encoder for that text, one after another ({@code [tap 0 | tap 1 | ... ]}, 7 × 384 for MiniLM).
 *
 * <p>Exact: the views come from {@link TextViews}, which encodes each text alone, so a row never depends on which
 * items were featurized before it, and a resumed run or another seed sees the same bits.
 */
public final class ItemTextViews implements ItemContent {
    private final TextViews views;
    private final int[] widths;
    private final int width;

    /**
     * Wraps a text-view cache.
     *
     * @param views the frozen encoder's views; shared, not closed here
     */
    public ItemTextViews(TextViews views) {
        this.views = views;
        this.widths = views.widths();
        int sum = 0;
        for (int w : widths) {
            sum += w;
        }
        this.width = sum;
    }

    /**
     * Writes an item as the text the encoder reads, e.g. {@code "Dumbo (1941). Animation, Children, Drama"}.
     * MovieLens' {@code (no genres listed)} and an unknown year are left out.
     *
     * @param title       the title, when known
     * @param genres      the genres
     * @param releaseYear the release year, when known
     * @return the text
     */
    public static String text(Optional<String> title, List<String> genres, OptionalInt releaseYear) {
        StringBuilder text = new StringBuilder(title.map(String::strip).orElse(""));
        releaseYear.ifPresent(y -> text.append(text.isEmpty() ? "" : " ").append('(').append(y).append(')'));
        List<String> named = genres.stream().filter(g -> !g.isBlank() && !g.startsWith("(")).toList();
        if (!named.isEmpty()) {
            text.append(text.isEmpty() ? "" : ". ").append(String.join(", ", named));
        }
        return text.toString();
    }

    @Override
    public int width() {
        return width;
    }

    /**
     * Returns the taps' widths, in the encoder's tap order; the row is their concatenation.
     *
     * @return e.g. seven times 384
     */
    public int[] tapWidths() {
        return widths.clone();
    }

    @Override
    public void featurize(Optional<String> title, List<String> itemGenres, OptionalInt releaseYear, float[] into,
                          int offset) {
        float[][] view = views.of(text(title, itemGenres, releaseYear));
        int at = offset;
        for (float[] tap : view) {
            System.arraycopy(tap, 0, into, at, tap.length);
            at += tap.length;
        }
    }
}
