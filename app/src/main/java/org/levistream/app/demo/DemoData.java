package org.levistream.app.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.levistream.experiment.offline.GeneratedData;

/**
 * The data a demo runs on: the real data sets of {@code scripts/fetch-data.sh} (MovieLens, GloVe, MNIST, the optical
 * digits, Fashion-MNIST), fetched when missing, or a generated stand-in in the same formats when they cannot be had.
 * A stand-in is labelled as such wherever the demo shows a result.
 *
 * @param dir       the data folder the demo reads
 * @param generated whether it is the generated stand-in
 * @param why       for a stand-in, why the real data was not used; else empty
 */
record DemoData(Path dir, boolean generated, String why) {
    /** The files the demo reads, relative to the data folder. */
    static final List<String> NEEDED = List.of("movielens/movielens.csv", "glove/glove-100d.bin",
            "mnist/train-images-idx3-ubyte", "mnist/train-labels-idx1-ubyte", "mnist/t10k-images-idx3-ubyte",
            "mnist/t10k-labels-idx1-ubyte", "digits/digits.csv.gz",
            "fashion-mnist/train-images-idx3-ubyte", "fashion-mnist/train-labels-idx1-ubyte");
    static final Path FETCH_SCRIPT = Path.of("scripts", "fetch-data.sh");

    /** Where the data comes from, as {@code --data} says. */
    enum Choice {
        /** The real data, fetched if missing; the stand-in if it cannot be fetched. */
        AUTO,
        /** The real data, fetched if missing; fail if it cannot be had. */
        REAL,
        /** The generated stand-in, without looking for the real data. */
        GENERATED;

        static Choice parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--data was '" + text + "' but must be auto, real or generated");
            }
        }
    }

    /** Thrown when {@code --data real} is asked for and the real data cannot be had. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * Finds, fetches or generates the data.
     *
     * @param choice   what {@code --data} asked for
     * @param dataDir  the real data's folder
     * @param standIn  where a generated stand-in goes (made once per scale, reused)
     * @param scale    the stand-in's size, in multiples of its base size
     * @param console  where to say what happens
     * @return the data to use
     * @throws Unavailable          when the real data was required and cannot be had
     * @throws IOException          when the stand-in cannot be written
     * @throws InterruptedException when interrupted while fetching
     */
    static DemoData prepare(Choice choice, Path dataDir, Path standIn, int scale, PrintWriter console)
            throws Unavailable, IOException, InterruptedException {
        if (choice == Choice.GENERATED) {
            return standIn(standIn, scale, "--data generated was asked for", console);
        }
        List<String> missing = missing(dataDir);
        if (!missing.isEmpty()) {
            console.println("  the real data is not all in " + dataDir + " (missing: " + String.join(", ", missing)
                    + "); fetching it with " + FETCH_SCRIPT + " ...");
            console.flush();
            String failure = fetch(dataDir);
            missing = missing(dataDir);
            if (!missing.isEmpty()) {
                String why = failure + "; still missing: " + String.join(", ", missing);
                if (choice == Choice.REAL) {
                    throw new Unavailable("the real data cannot be had: " + why);
                }
                return standIn(standIn, scale, why, console);
            }
        }
        console.println("  real data in " + dataDir + ": MovieLens latest-small, GloVe, MNIST, optical digits, "
                + "Fashion-MNIST");
        return new DemoData(dataDir, false, "");
    }

    /** A short label for tables: what the numbers were computed on. */
    String label() {
        return generated ? "GENERATED STAND-IN (not real data: " + why + ")" : "real data (" + dir + ")";
    }

    private static List<String> missing(Path dataDir) {
        return NEEDED.stream().filter(f -> !Files.isRegularFile(dataDir.resolve(f))).toList();
    }

    /** Runs the fetch script, its output on ours; returns why it failed, or that it ran. */
    private static String fetch(Path dataDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(FETCH_SCRIPT)) {
            return FETCH_SCRIPT + " was not found (run levi demo from the repository's root folder)";
        }
        Process fetch = new ProcessBuilder("bash", FETCH_SCRIPT.toString(), "--data-dir", dataDir.toString())
                .inheritIO().start();
        int code = fetch.waitFor();
        return code == 0 ? FETCH_SCRIPT + " ran" : FETCH_SCRIPT + " failed with exit code " + code
                + " (its messages above name the package that could not be had)";
    }

    private static DemoData standIn(Path dir, int scale, String why, PrintWriter console) throws IOException {
        if (!missing(dir).isEmpty()) {
            GeneratedData.write(dir, 7, scale);
        }
        console.println("  USING A GENERATED STAND-IN in " + dir + ", not real data: " + why + ". Its metrics say "
                + "that the system works, not how LEVI does; fetch the data (" + FETCH_SCRIPT + ") for real results.");
        return new DemoData(dir, true, why);
    }
}
