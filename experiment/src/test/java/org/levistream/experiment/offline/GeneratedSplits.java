package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.backbone.BlockBackbone;

/** Generated MovieLens-like ratings split in time, as the protocol tests share them: seconds, not minutes. */
public final class GeneratedSplits {
    /** Pre-training before 2003, OOD from 2009, a 20% ID test sample in between, the rest live. */
    public static final String TEMPORAL_SPLIT = """
            records: interactions
            rules:
              - match: {time: {until: 2003-01-01}}
                to: pretrain
              - match: {time: {from: 2009-01-01}}
                to: ood.late
              - match: {time: {from: 2003-01-01}, sample: {fraction: 0.2, seed: 3}}
                to: holdout
              - to: live
            """;

    /**
     * An item-side split (not temporal): Horror from 2003 on is OOD, Comedy the ID test set, so that sets interleave in
     * time and one set's ratings could leak into another's user contexts.
     */
    public static final String ITEM_SIDE_SPLIT = """
            records: interactions
            rules:
              - match: {time: {until: 2003-01-01}}
                to: pretrain
              - match: {genres: {anyOf: [Horror]}}
                to: ood.horror
              - match: {genres: {anyOf: [Comedy]}}
                to: holdout
              - to: live
            """;
    private static final long SPLIT_START = LocalDate.of(2003, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    /** A generated rating line: user, "title", year, "genres", item, rating, time. */
    private static final Pattern ROW =
            Pattern.compile("^(\\d+),\"([^\"]*)\",(\\d+),\"([^\"]*)\",(\\d+),([\\d.]+),(\\d+)$");

    private GeneratedSplits() {}

    /**
     * Copies generated ratings less those from 2003 on whose genres match, e.g. to check that a set's rows do not
     * change when another set's ratings are gone.
     *
     * @param from   a folder {@link GeneratedData#write} filled
     * @param to     where the copy's {@code movielens/movielens.csv} goes
     * @param genres which ratings (by their {@code |}-separated genres) to leave out
     * @throws IOException if reading or writing fails
     */
    public static void withoutRatings(Path from, Path to, Predicate<String> genres) throws IOException {
        List<String> lines = Files.readAllLines(from.resolve("movielens/movielens.csv"));
        List<String> kept = lines.stream().filter(line -> {
            Matcher m = ROW.matcher(line);
            return !m.matches() || Long.parseLong(m.group(7)) < SPLIT_START || !genres.test(m.group(4));
        }).toList();
        assertThat(kept.size()).as("ratings removed").isLessThan(lines.size());
        Files.createDirectories(to.resolve("movielens"));
        Files.write(to.resolve("movielens/movielens.csv"), kept);
    }

    /**
     * The rating recipe's backbone for generated splits, seed 7, on the CPU: what the protocol tests train.
     *
     * @param splits sets from {@link #ratings}
     * @return a source that opens a fresh backbone per run
     */
    public static BackboneSource ratingBackbone(OfflineSplits splits) {
        int width = ((RatingSet) splits.train()).width();
        return () -> BlockBackbone.create(Recipes.ratingBackbone(width), 7, Device.cpu());
    }

    /**
     * Writes generated data (seed 5) into {@code dir} and loads it with {@link #TEMPORAL_SPLIT}, 20% validation.
     *
     * @param dir an empty folder
     * @return the sets, without pre-training data
     * @throws IOException if writing or reading fails
     */
    public static OfflineSplits ratings(Path dir) throws IOException {
        GeneratedData.write(dir, 5);
        return MovieLensSplits.load(dir.resolve("movielens/movielens.csv"), dir.resolve("glove/glove-100d.bin"),
                SplitPlan.parse(TEMPORAL_SPLIT, "test split"), new LoadSettings(0.2, 1, 0, 0, 0, 0, false));
    }
}
