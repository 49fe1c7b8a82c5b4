package org.levistream.ingest.readers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * The iterator mechanics every reader shares: one result of look-ahead, results queued ahead of the rows (an item
 * file's rejected rows), closing at the end and closing once.
 */
abstract class AbstractRecordReader<T> implements RecordReader<T> {
    private final String source;
    private final Deque<ReadResult<T>> queued = new ArrayDeque<>();
    private ReadResult<T> next;
    private boolean exhausted;
    private boolean closed;

    AbstractRecordReader(String source) {
        this.source = source;
    }

    /** The next result, or {@code null} when the source is exhausted. */
    protected abstract ReadResult<T> readNext() throws IOException;

    /** Closes the underlying files. */
    protected abstract void closeSources() throws IOException;

    /** Emits {@code rows} before anything {@link #readNext()} returns. */
    protected final void emitFirst(Collection<RejectedRow> rows) {
        rows.forEach(row -> queued.add(new ReadResult.Rejected<>(row)));
    }

    @Override
    public final String source() {
        return source;
    }

    @Override
    public final boolean hasNext() {
        if (next == null && !exhausted) {
            next = queued.isEmpty() ? readOrFail() : queued.poll();
            if (next == null) {
                close();
            }
        }
        return next != null;
    }

    @Override
    public final ReadResult<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows in " + source);
        }
        ReadResult<T> result = next;
        next = null;
        return result;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        exhausted = true;
        try {
            closeSources();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + source, e);
        }
    }

    private ReadResult<T> readOrFail() {
        if (closed) {
            return null;
        }
        try {
            return readNext();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source, e);
        }
    }

    static <T> ReadResult<T> accepted(T value, SourcePosition position) {
        return new ReadResult.Accepted<>(value, position);
    }

    static <T> ReadResult<T> rejected(SourcePosition position, RowException e, String raw) {
        return new ReadResult.Rejected<>(new RejectedRow(position, e.reason(), e.getMessage(), raw));
    }
}
