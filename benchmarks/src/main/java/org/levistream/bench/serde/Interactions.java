package org.levistream.bench.serde;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.levistream.schemas.avro.Interaction;

/** Seeded, MovieLens-shaped {@link Interaction} fixtures: the same records for every run with the same seed. */
final class Interactions {
    private static final String[] GENRES = {"Action", "Comedy", "Drama", "Horror", "Romance", "Thriller", "Animation"};
    private static final String[] WORDS = {"the", "star", "night", "return", "love", "last", "city", "dark", "king"};

    private Interactions() {
    }

    static List<Interaction> generate(long seed, int count) {
        var random = new SplittableRandom(seed);
        var records = new ArrayList<Interaction>(count);
        for (int i = 0; i < count; i++) {
            records.add(Interaction.newBuilder()
                    .setUserId(Integer.toString(1 + random.nextInt(700)))
                    .setItemId(Integer.toString(1 + random.nextInt(10_000)))
                    .setRating(0.5f * (1 + random.nextInt(10)))
                    .setEventTime(Instant.ofEpochSecond(1_000_000_000L + random.nextInt(500_000_000)))
                    .setItemTitle(title(random))
                    .setGenres(List.of(GENRES[random.nextInt(GENRES.length)], GENRES[random.nextInt(GENRES.length)]))
                    .setReleaseYear(1950 + random.nextInt(70))
                    .setReviewText(null)
                    .setContext(Map.of("source", "movielens"))
                    .build());
        }
        return records;
    }

    private static String title(SplittableRandom random) {
        var title = new StringBuilder();
        int words = 1 + random.nextInt(4);
        for (int w = 0; w < words; w++) {
            if (w > 0) title.append(' ');
            title.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return title.toString();
    }
}
