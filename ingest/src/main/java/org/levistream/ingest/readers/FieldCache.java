package org.levistream.ingest.readers;

import java.util.function.Function;

/**
 * Values made from a field's text, remembered for the rows that repeat it: a ratings file repeats each movie's genre
 * list thousands of times, and finding it here costs less than splitting and normalising it again. Direct-mapped and
 * fixed in size (a slot holds the last text that hashed to it), so memory stays bounded whatever the file holds.
 * Values must be immutable, since rows share them. Not thread-safe: one per reader.
 *
 * @param <V> the value type
 */
final class FieldCache<V> {
    private final String[] keys;
    private final Object[] values;
    private final Function<String, V> make;

    /**
     * @param slots how many texts it remembers at most; a power of two
     * @param make  makes the value of a text ({@code null} for a missing value); must not throw
     */
    FieldCache(int slots, Function<String, V> make) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots was " + slots + " but must be a power of two");
        }
        this.keys = new String[slots];
        this.values = new Object[slots];
        this.make = make;
    }

    /** The value of field {@code index} of {@code row}. */
    @SuppressWarnings("unchecked")
    V get(CsvLine row, int index) {
        if (!row.isPlain(index)) {
            return make.apply(row.text(index));      // rare (NA, escaped quotes): not worth a slot
        }
        int hash = row.textHash(index);
        int slot = (hash ^ (hash >>> 16)) & (keys.length - 1);
        String key = keys[slot];
        if (key != null && row.textEquals(index, key)) {
            return (V) values[slot];
        }
        String text = row.text(index);
        V value = make.apply(text);
        keys[slot] = text;
        values[slot] = value;
        return value;
    }
}
