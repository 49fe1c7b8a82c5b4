package org.levistream.model.features;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An item's content as one float row: {@code [GloVe mean of title words | genre multi-hot | year | year known]}.
 *
 * <p>The year is centred and scaled, {@code (year - yearCentre) / yearScale}, so that 1970-2010 lands in about
 * [-1, 1]; an unknown year gives 0 with the "known" flag 0. A title with no known word gives a zero text part.
 * The row depends on the item's metadata only, never on who rated it or when.
 */
public final class ItemContentFeaturizer implements ItemContent {
    /** Default centre of the year scale. */
    public static final float DEFAULT_YEAR_CENTRE = 1990f;
    /** Default width of the year scale, in years. */
    public static final float DEFAULT_YEAR_SCALE = 20f;

    private final GloveVectors glove;
    private final GenreVocabulary genres;
    private final float yearCentre;
    private final float yearScale;

    /**
     * Creates a featurizer.
     *
     * @param glove      the word vectors for titles
     * @param genres     the genre layout
     * @param yearCentre the release year that maps to 0
     * @param yearScale  years per unit; positive
     */
    public ItemContentFeaturizer(GloveVectors glove, GenreVocabulary genres, float yearCentre, float yearScale) {
        if (!(yearScale > 0)) {
            throw new IllegalArgumentException("yearScale was " + yearScale + " but must be positive");
        }
        this.glove = glove;
        this.genres = genres;
        this.yearCentre = yearCentre;
        this.yearScale = yearScale;
    }

    /**
     * The MovieLens layout: MovieLens genres and the default year scale.
     *
     * @param glove the word vectors
     * @return the featurizer
     */
    public static ItemContentFeaturizer movieLens(GloveVectors glove) {
        return new ItemContentFeaturizer(glove, GenreVocabulary.MOVIELENS, DEFAULT_YEAR_CENTRE, DEFAULT_YEAR_SCALE);
    }

    /**
     * Returns the row's width.
     *
     * @return GloVe dimension + genres + 2
     */
    @Override
    public int width() {
        return glove.dimension() + genres.size() + 2;
    }

    /**
     * Writes an item's content row.
     *
     * @param title       the title, when known
     * @param itemGenres  the genres
     * @param releaseYear the release year, when known
     * @param into        the destination
     * @param offset      where the {@link #width()} floats start
     */
    @Override
    public void featurize(Optional<String> title, List<String> itemGenres, OptionalInt releaseYear, float[] into,
                          int offset) {
        glove.meanInto(TitleTokenizer.tokens(title.orElse(null)), into, offset);
        int at = offset + glove.dimension();
        genres.multiHotInto(itemGenres, into, at);
        at += genres.size();
        into[at] = releaseYear.isPresent() ? (releaseYear.getAsInt() - yearCentre) / yearScale : 0f;
        into[at + 1] = releaseYear.isPresent() ? 1f : 0f;
    }
}
