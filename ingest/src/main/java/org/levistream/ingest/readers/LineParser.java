package org.levistream.ingest.readers;

/** Turns one text line into a value; {@code null} means the line carries no row (blank line). */
@FunctionalInterface
interface LineParser<T> {
    T parse(String line, long lineNumber) throws RowException;
}
