package org.levistream.experiment.offline;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.levistream.model.features.GloveVectors;

/**
 * Writes a tiny data folder in exactly the layout and formats of {@code scripts/fetch-data.sh} (MovieLens CSV, GloVe
 * binary, IDX pairs, the gzipped 8x8 digits CSV), filled with generated data, so that {@code --quick} runs and tests
 * exercise the real readers, split files and featurizers in seconds and without the fetched data.
 *
 * <p>Ratings: 48 users over 1996-2014, 90 movies whose titles are drawn from 16 words; a movie's quality follows
 * its title words' vectors, so content predicts ratings. Images: class c is a bar at c x 18 degrees (digits), a
 * box of class-dependent size (fashion); the optical digits are 8x8 bars scaled to 0..16.
 */
public final class GeneratedData {
    private static final String[] WORDS = {"star", "war", "love", "night", "dark", "king", "city", "dream", "ghost",
        "river", "blue", "last", "red", "moon", "story", "road"};
    private static final String[] GENRES = {"Action", "Comedy", "Drama", "Horror", "Sci-Fi", "Children"};
    private static final int DIM = 8;

    private GeneratedData() {}

    /**
     * Writes the folder.
     *
     * @param dir  the data folder to fill (created if needed)
     * @param seed seeds everything
     * @return {@code dir}
     * @throws IOException if writing fails
     */
    public static Path write(Path dir, long seed) throws IOException {
        return write(dir, seed, 1);
    }

    /**
     * Writes the folder with {@code scale} times as many users and images: a stand-in big enough to train for a few
     * minutes (levi demo's, when the real data cannot be had). Scale 1 is {@link #write(Path, long)}.
     *
     * @param dir   the data folder to fill (created if needed)
     * @param seed  seeds everything
     * @param scale how many times the base size, at least 1
     * @return {@code dir}
     * @throws IOException if writing fails
     */
    public static Path write(Path dir, long seed, int scale) throws IOException {
        if (scale < 1) {
            throw new IllegalArgumentException("scale was " + scale + " but must be at least 1");
        }
        Random r = new Random(seed);
        float[][] vectors = new float[WORDS.length][DIM];
        for (float[] v : vectors) {
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) r.nextGaussian() * 0.5f;
            }
        }
        writeGlove(Files.createDirectories(dir.resolve("glove")).resolve("glove-100d.bin"), vectors);
        writeMovieLens(Files.createDirectories(dir.resolve("movielens")).resolve("movielens.csv"), vectors, r, 48 * scale);
        writeIdx(Files.createDirectories(dir.resolve("mnist")), "train", 700 * scale, r, false);
        writeIdx(dir.resolve("mnist"), "t10k", 100 * scale, r, false);
        writeIdx(Files.createDirectories(dir.resolve("fashion-mnist")), "train", 600 * scale, r, true);
        writeIdx(dir.resolve("fashion-mnist"), "t10k", 100 * scale, r, true);
        writeDigits(Files.createDirectories(dir.resolve("digits")).resolve("digits.csv.gz"), 150 * scale, r);
        return dir;
    }

    private static void writeGlove(Path file, float[][] vectors) throws IOException {
        Set<String> words = new LinkedHashSet<>(List.of(WORDS));
        for (String g : GENRES) {
            words.addAll(org.levistream.model.features.TitleTokenizer.tokens(g));
        }
        List<float[]> rows = new ArrayList<>(List.of(vectors));
        Random r = new Random(1);
        while (rows.size() < words.size()) {
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) r.nextGaussian() * 0.5f;
            }
            rows.add(v);
        }
        Map<String, float[]> vectorsByWord = new LinkedHashMap<>();
        int row = 0;
        for (String w : words) {
            vectorsByWord.put(w, rows.get(row++));
        }
        GloveVectors.write(file, vectorsByWord, DIM);
    }

    private static void writeMovieLens(Path file, float[][] vectors, Random r, int users) throws IOException {
        int movies = 90;
        String[] titles = new String[movies];
        String[] genres = new String[movies];
        int[] years = new int[movies];
        double[] quality = new double[movies];
        float[] w = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            w[d] = (float) r.nextGaussian();
        }
        for (int m = 0; m < movies; m++) {
            int a = r.nextInt(WORDS.length);
            int b = r.nextInt(WORDS.length);
            titles[m] = capitalize(WORDS[a]) + " " + capitalize(WORDS[b]);
            genres[m] = GENRES[r.nextInt(GENRES.length)] + (r.nextBoolean() ? "|" + GENRES[r.nextInt(GENRES.length)] : "");
            years[m] = 1950 + r.nextInt(64);
            double dot = 0;
            for (int d = 0; d < DIM; d++) {
                dot += w[d] * (vectors[a][d] + vectors[b][d]) / 2;
            }
            quality[m] = Math.tanh(dot);
        }
        long start = LocalDate.of(1996, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long end = LocalDate.of(2015, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("\"movieId\",\"title\",\"year\",\"genres\",\"userId\",\"rating\",\"timestamp\"\n");
            for (int u = 1; u <= users; u++) {
                double bias = r.nextGaussian() * 0.4;
                long first = start + (long) (r.nextDouble() * (end - start) * 0.8);
                for (int k = 0; k < 60; k++) {
                    int m = r.nextInt(movies);
                    double stars = 3.2 + 1.2 * quality[m] + bias + r.nextGaussian() * 0.3;
                    double half = Math.max(0.5, Math.min(5, Math.round(stars * 2) / 2.0));
                    long t = first + (long) (r.nextDouble() * (end - start) * 0.2);
                    out.write((m + 1) + ",\"" + titles[m] + "\"," + years[m] + ",\"" + genres[m] + "\"," + u + ","
                            + (half == Math.floor(half) ? Integer.toString((int) half) : Double.toString(half)) + ","
                            + t + "\n");
                }
            }
        }
    }

    private static String capitalize(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static void writeIdx(Path dir, String part, int count, Random r, boolean fashion) throws IOException {
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * 784];
        for (int i = 0; i < count; i++) {
            int c = r.nextInt(10);
            labels[i] = (byte) c;
            double[][] img = fashion ? box(c, r) : bar(c, 28, r);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    double v = img[y][x] * 255 + r.nextGaussian() * 20;
                    pixels[i * 784 + y * 28 + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(part + "-images-idx3-ubyte")))) {
            out.writeInt(0x803);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(part + "-labels-idx1-ubyte")))) {
            out.writeInt(0x801);
            out.writeInt(count);
            out.write(labels);
        }
    }

    /** A bar through the centre at {@code c * 18} degrees, thickness ~2 px at 28x28, randomly shifted. */
    private static double[][] bar(int c, int side, Random r) {
        double[][] img = new double[side][side];
        double angle = Math.toRadians(c * 18);
        double cx = side / 2.0 + r.nextGaussian() * side / 28.0;
        double cy = side / 2.0 + r.nextGaussian() * side / 28.0;
        double half = side * 0.35;
        double thickness = side / 14.0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double along = dx * Math.cos(angle) + dy * Math.sin(angle);
                double across = -dx * Math.sin(angle) + dy * Math.cos(angle);
                if (Math.abs(along) <= half && Math.abs(across) <= thickness) {
                    img[y][x] = 1;
                }
            }
        }
        return img;
    }

    /** A filled box whose width and height depend on the class. */
    private static double[][] box(int c, Random r) {
        double[][] img = new double[28][28];
        int w = 6 + 2 * (c % 5) + r.nextInt(2);
        int h = c < 5 ? 20 : 10;
        int top = (28 - h) / 2;
        int left = (28 - w) / 2;
        for (int y = top; y < top + h; y++) {
            for (int x = left; x < left + w; x++) {
                img[y][x] = 0.8;
            }
        }
        return img;
    }

    private static void writeDigits(Path file, int count, Random r) throws IOException {
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file));
             Writer out = new java.io.OutputStreamWriter(gz, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                int c = r.nextInt(10);
                double[][] img = bar(c, 8, r);
                StringBuilder line = new StringBuilder();
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        line.append(Math.round(img[y][x] * 16)).append(',');
                    }
                }
                out.write(line.append(c).append('\n').toString());
            }
        }
    }
}
