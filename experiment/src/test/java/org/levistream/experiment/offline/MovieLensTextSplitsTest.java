package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.cache.TextViews;
import org.levistream.model.features.ItemTextViews;

/**
 * Language-based MovieLens as the offline protocol loads it: an example's item part is its item text's MiniLM views
 * (the very bits {@link TextViews} gives for that text), and a user's context draws only on ratings strictly before
 * the example and only on what {@link VisibleHistories} lets the example see: with the ID and OOD sets split by
 * genre, so that they interleave in time, the training and ID rows are the same whether the OOD ratings exist or not.
 */
@Timeout(180)
class MovieLensTextSplitsTest {
    private static final String ITEM_SIDE = GeneratedSplits.ITEM_SIDE_SPLIT;
    private static final Pattern ROW =
            Pattern.compile("^(\\d+),\"([^\"]*)\",(\\d+),\"([^\"]*)\",(\\d+),([\\d.]+),(\\d+)$");
    private static final int VIEW = 7 * 384;
    private static final LoadSettings SETTINGS = new LoadSettings(0.1, 1, 0, 0, 0, 0, true);

    @TempDir
    static Path dir;
    private static OfflineSplits all;

    @BeforeAll
    static void load() throws IOException {
        GeneratedData.write(dir.resolve("all"), 1);
        copyMiniLm(dir.resolve("all"));
        all = MovieLensTextSplits.load(dir.resolve("all"), SplitPlan.parse(ITEM_SIDE, "item-side split"), SETTINGS,
                Device.cpu()).splits();
    }

    @AfterAll
    static void release() {
        all = null;
    }

    @Test
    void anExamplesItemPartIsItsTextsViews() throws IOException {
        List<String[]> events = ratingsInLoadOrder(dir.resolve("all/movielens/movielens.csv"));
        RatingSet train = (RatingSet) all.train();
        Path folder = MiniLm.dataFolder(dir.resolve("all"));
        try (BertBackbone encoder = BertBackbone.load(folder.resolve(MiniLm.ONNX_FILE), Device.cpu());
             BertTokenizer tokenizer = BertTokenizer.open(folder.resolve(MiniLm.TOKENIZER_FILE))) {
            TextViews views = new TextViews(encoder, tokenizer);
            for (int i : new int[] {0, train.size() / 2, train.size() - 1}) {
                String[] e = events.get(Integer.parseInt(train.key(i).substring(1)));
                // The reader keeps each genre once (the generated data repeats some).
                List<String> genres = Arrays.stream(e[4].split("\\|")).distinct().toList();
                String text = ItemTextViews.text(Optional.of(e[2]), genres, OptionalInt.of(Integer.parseInt(e[3])));
                float[][] view = views.of(text);
                float[] row = train.row(i);
                assertThat(row).hasSize(2 * VIEW + 2);
                for (int k = 0; k < 7; k++) {
                    assertThat(Arrays.copyOfRange(row, k * 384, (k + 1) * 384)).as("example %d tap %d", i, k)
                            .containsExactly(view[k]);
                }
            }
        }
    }

    @Test
    void idAndTrainingContextsDoNotSeeOodRatings() throws IOException {
        Path noOod = dir.resolve("no-ood");
        GeneratedSplits.withoutRatings(dir.resolve("all"), noOod, genres -> genres.contains("Horror"));
        copyMiniLm(noOod);
        OfflineSplits withoutOod = MovieLensTextSplits.load(noOod, SplitPlan.parse(ITEM_SIDE.replace("""
                  - match: {genres: {anyOf: [Horror]}}
                    to: ood.horror
                """, ""), "item-side split"), SETTINGS, Device.cpu()).splits();

        assertThat(all.ood().get("ood.horror").size()).isPositive();
        assertSameRows(all.train(), withoutOod.train());
        assertSameRows(all.validation(), withoutOod.validation());
        assertSameRows(all.idTest(), withoutOod.idTest());
    }

    @Test
    void theFirstRatingOfAUserHasAnEmptyContextAndLaterOnesDoNot() {
        RatingSet train = (RatingSet) all.train();
        int empty = 0;
        int filled = 0;
        for (int i = 0; i < train.size(); i++) {
            float fill = train.row(i)[2 * VIEW + 1];
            if (fill == 0f) {
                empty++;
            } else {
                filled++;
            }
        }
        assertThat(filled).isGreaterThan(empty);
    }

    /** The CSV's ratings as the loader orders them: by time, ties in file order. Fields: the regex's groups. */
    private static List<String[]> ratingsInLoadOrder(Path csv) throws IOException {
        List<String[]> events = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                String[] groups = new String[8];
                for (int g = 0; g <= 7; g++) {
                    groups[g] = m.group(g);
                }
                events.add(groups);
            }
        }
        events.sort(Comparator.comparingLong(e -> Long.parseLong(e[7])));
        return events;
    }

    private static void assertSameRows(ExampleSet actual, ExampleSet expected) {
        RatingSet x = (RatingSet) actual;
        RatingSet y = (RatingSet) expected;
        assertThat(x.size()).isEqualTo(y.size()).isPositive();
        int differing = 0;
        for (int i = 0; i < x.size(); i++) {
            if (!Arrays.equals(x.row(i), y.row(i))) {
                differing++;
            }
        }
        assertThat(differing).as("rows of %s that differ", x.name()).isZero();
    }

    private static void copyMiniLm(Path data) throws IOException {
        Path folder = Files.createDirectories(MiniLm.dataFolder(data));
        for (String file : new String[] {MiniLm.ONNX_FILE, MiniLm.TOKENIZER_FILE}) {
            try (InputStream in = MovieLensTextSplitsTest.class.getResourceAsStream("/" + file)) {
                Files.copy(in, folder.resolve(file));
            }
        }
    }
}
