package org.levistream.ingest.readers;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads one source as a stream of {@link ReadResult}s, in source order, holding only the current row in memory.
 *
 * <p>The order is deterministic: the same files give the same results in the same order, which is what lets a
 * restarted ingest skip the rows it has already published by counting them. Bad rows come out as
 * {@link ReadResult.Rejected} and reading goes on. I/O failures that are not about a row (the disk, permissions)
 * surface as {@link java.io.UncheckedIOException}; a source in the wrong format altogether fails when the reader is
 * opened, with an {@link InvalidSourceException}.
 *
 * <p>Not thread-safe. Close it when done; closing twice is harmless.
 *
 * @param <T> the record type
 */
public interface RecordReader<T> extends Iterator<ReadResult<T>>, AutoCloseable {
    /** What is being read, for logs and summaries (e.g. {@code ratings.csv + movies.csv}). */
    String source();

    /** Releases the files; idempotent. */
    @Override
    void close();

    /** The remaining results as a sequential stream that closes this reader when it is closed. */
    default Stream<ReadResult<T>> stream() {
        Spliterator<ReadResult<T>> split =
                Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(split, false).onClose(this::close);
    }
}
