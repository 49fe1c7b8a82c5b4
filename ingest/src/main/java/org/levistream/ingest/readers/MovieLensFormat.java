package org.levistream.ingest.readers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The MovieLens layouts {@link MovieLensReaders} reads, with the file names each uses. */
public enum MovieLensFormat {
    /** ml-100k: {@code u.data} (tab-separated) + {@code u.item} (pipe-separated, Latin-1, 19 genre flags). */
    ML_100K("u.data", "u.item"),
    /** ml-1m (and ml-10m): {@code ratings.dat} + {@code movies.dat}, {@code ::}-separated, Latin-1. */
    ML_1M("ratings.dat", "movies.dat"),
    /** ml-latest / ml-latest-small / ml-20m: {@code ratings.csv} + {@code movies.csv}, quoted CSV, UTF-8. */
    LATEST("ratings.csv", "movies.csv"),
    /** The joined CSV {@code scripts/fetch-data.sh} writes: movieId,title,year,genres,userId,rating,timestamp. */
    JOINED_CSV(null, null);

    private final String ratingsFile;
    private final String itemsFile;

    MovieLensFormat(String ratingsFile, String itemsFile) {
        this.ratingsFile = ratingsFile;
        this.itemsFile = itemsFile;
    }

    /** The standard name of the ratings file; empty for {@link #JOINED_CSV}, whose name is free. */
    public Optional<String> ratingsFile() {
        return Optional.ofNullable(ratingsFile);
    }

    /** The standard name of the item file; empty for {@link #JOINED_CSV}, which carries the items itself. */
    public Optional<String> itemsFile() {
        return Optional.ofNullable(itemsFile);
    }

    /**
     * The format of {@code path}: a folder holding one of the standard ratings files (also {@code .gz}), or a file
     * named like one; any other file is taken for the joined CSV, whose header the reader then checks.
     */
    public static MovieLensFormat detect(Path path) {
        for (MovieLensFormat format : values()) {
            if (format.ratingsFile == null) {
                continue;
            }
            if (Files.isDirectory(path) ? format.ratingsIn(path).isPresent()
                    : SourceFiles.stem(path).equals(format.ratingsFile)) {
                return format;
            }
        }
        if (Files.isDirectory(path)) {
            throw new InvalidSourceException(path + " holds none of u.data, ratings.dat, ratings.csv (or .gz)");
        }
        return JOINED_CSV;
    }

    /** The ratings file of this format in {@code folder}, plain or gzipped. */
    Optional<Path> ratingsIn(Path folder) {
        return find(folder, ratingsFile);
    }

    /** The item file of this format in {@code folder}, plain or gzipped. */
    Optional<Path> itemsIn(Path folder) {
        return find(folder, itemsFile);
    }

    private static Optional<Path> find(Path folder, String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path file = folder.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }
}
