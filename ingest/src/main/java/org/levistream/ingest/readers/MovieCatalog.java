package org.levistream.ingest.readers;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * A MovieLens item file held in memory (thousands of rows: small), for joining into the streamed ratings. Its bad
 * rows are kept as {@link #rejected()} so that the reader can report them like any other.
 */
final class MovieCatalog {
    /** Parses one item-file line into its id and movie. */
    @FunctionalInterface
    interface ItemParser {
        Map.Entry<String, Movie> parse(String line) throws RowException;
    }

    private final String file;
    private final Map<String, Movie> movies;
    private final List<RejectedRow> rejected;

    private MovieCatalog(String file, Map<String, Movie> movies, List<RejectedRow> rejected) {
        this.file = file;
        this.movies = movies;
        this.rejected = List.copyOf(rejected);
    }

    /** Loads {@code path}, skipping {@code headerLines} first. The first row for an id wins. */
    static MovieCatalog load(Path path, Charset charset, int headerLines, ItemParser parser) {
        String file = path.toString();
        Map<String, Movie> movies = new HashMap<>();
        List<RejectedRow> rejected = new ArrayList<>();
        try (BufferedReader in = SourceFiles.reader(path, charset)) {
            long lineNumber = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber <= headerLines || line.isBlank()) {
                    continue;
                }
                add(line, SourcePosition.line(file, lineNumber), parser, movies, rejected);
            }
        } catch (EOFException | ZipException e) {
            rejected.add(new RejectedRow(SourcePosition.line(file, 0), RejectReason.TRUNCATED,
                    "the compressed item file breaks off (" + e.getMessage() + "); later items are unknown", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        return new MovieCatalog(file, movies, rejected);
    }

    private static void add(String line, SourcePosition position, ItemParser parser, Map<String, Movie> movies,
                            List<RejectedRow> rejected) {
        try {
            Map.Entry<String, Movie> item = parser.parse(line);
            if (movies.putIfAbsent(item.getKey(), item.getValue()) != null) {
                rejected.add(new RejectedRow(position, RejectReason.DUPLICATE_ITEM,
                        "item " + item.getKey() + " was listed before; the first row is used", line));
            }
        } catch (RowException e) {
            rejected.add(new RejectedRow(position, e.reason(), e.getMessage(), line));
        }
    }

    /** The movie for {@code itemId}; {@link RejectReason#UNKNOWN_ITEM} when the file does not list it. */
    Movie require(String itemId) throws RowException {
        Movie movie = movies.get(itemId);
        if (movie == null) {
            throw new RowException(RejectReason.UNKNOWN_ITEM, "item " + itemId + " is not in " + file);
        }
        return movie;
    }

    String file() {
        return file;
    }

    List<RejectedRow> rejected() {
        return rejected;
    }

    int size() {
        return movies.size();
    }
}
