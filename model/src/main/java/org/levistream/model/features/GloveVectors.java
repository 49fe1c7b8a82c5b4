package org.levistream.model.features;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pre-trained word vectors read from the compact file {@code scripts/fetch-data.sh} writes
 * ({@code data/glove/glove-100d.bin}), held in memory (23k words x 100 floats: about 9 MB).
 *
 * <p>Layout, all little-endian: int32 magic {@code 0x474C5645}, int32 version 1, int32 N, int32 dim, then N times
 * (uint16 byte length, UTF-8 word), then N x dim float32. The vector block follows the last word directly and is
 * <em>not</em> 4-byte aligned, so it is read at absolute offsets from a little-endian buffer. A word listed twice
 * keeps its first vector (the file lists words by frequency rank).
 */
public final class GloveVectors {
    /** The file's first four bytes, read as a little-endian int32 (on disk: {@code EVLG}). */
    public static final int MAGIC = 0x474C5645;
    /** The only version this reader knows. */
    public static final int VERSION = 1;

    private final int dimension;
    private final float[] values;
    private final Map<String, Integer> rows;

    private GloveVectors(int dimension, float[] values, Map<String, Integer> rows) {
        this.dimension = dimension;
        this.values = values;
        this.rows = rows;
    }

    /**
     * Reads a vector file.
     *
     * @param file the {@code .bin} file
     * @return the vectors
     * @throws IOException if the file cannot be read, or is not a version-1 vector file of consistent size
     */
    public static GloveVectors read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        try {
            return parse(buffer, file.toString());
        } catch (BufferUnderflowException e) {
            throw new IOException(file + " is truncated: it ends inside its word list", e);
        }
    }

    /**
     * Writes a vector file in the layout {@link #read} takes (the fetch script's): little-endian magic, version,
     * word count and dimension; then each word as an unsigned 16-bit length and its UTF-8 bytes; then the vectors,
     * row by row in the words' order. For generated stand-in data and test fixtures.
     *
     * @param file  where to write
     * @param words word to vector, in row order; every vector {@code dimension} long
     * @param dimension floats per word, at least 1
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public static Path write(Path file, Map<String, float[]> words, int dimension) throws IOException {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, was " + dimension);
        }
        int size = 16 + words.size() * dimension * Float.BYTES;
        for (String word : words.keySet()) {
            size += 2 + word.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putInt(words.size()).putInt(dimension);
        for (String word : words.keySet()) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            b.putShort((short) bytes.length).put(bytes);
        }
        for (Map.Entry<String, float[]> e : words.entrySet()) {
            if (e.getValue().length != dimension) {
                throw new IllegalArgumentException("the vector of '" + e.getKey() + "' has " + e.getValue().length
                        + " floats; the dimension is " + dimension);
            }
            for (float f : e.getValue()) {
                b.putFloat(f);
            }
        }
        return Files.write(file, b.array());
    }

    private static GloveVectors parse(ByteBuffer buffer, String name) throws IOException {
        if (buffer.remaining() < 16 || buffer.getInt() != MAGIC) {
            throw new IOException(name + " is not a GloVe vector file: it does not start with the magic EVLG");
        }
        int version = buffer.getInt();
        int count = buffer.getInt();
        int dimension = buffer.getInt();
        if (version != VERSION || count < 0 || dimension < 1) {
            throw new IOException(name + " has version " + version + ", " + count + " words of dimension "
                    + dimension + "; expected version 1, at least 0 words and dimension at least 1");
        }
        Map<String, Integer> rows = new HashMap<>(count * 2);
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < count; i++) {
            int length = Short.toUnsignedInt(buffer.getShort());
            ByteBuffer word = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            try {
                rows.putIfAbsent(decoder.decode(word).toString(), i);
            } catch (CharacterCodingException e) {
                throw new IOException(name + " has a word that is not UTF-8 at index " + i, e);
            }
        }
        long expected = (long) count * dimension * Float.BYTES;
        if (buffer.remaining() != expected) {
            throw new IOException(name + " has " + buffer.remaining() + " bytes of vectors after its word list but "
                    + count + " words x " + dimension + " floats need " + expected);
        }
        float[] values = new float[count * dimension];
        int start = buffer.position(); // unaligned: read each float at its absolute offset
        for (int k = 0; k < values.length; k++) {
            values[k] = buffer.getFloat(start + k * Float.BYTES);
        }
        return new GloveVectors(dimension, values, rows);
    }

    /**
     * Returns the vectors' dimension.
     *
     * @return floats per word (100 for the fetched file)
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Counts the distinct words.
     *
     * @return how many words have a vector
     */
    public int size() {
        return rows.size();
    }

    /**
     * Tells whether a word has a vector.
     *
     * @param word a token as {@link TitleTokenizer} makes them
     * @return whether it is in the file
     */
    public boolean contains(String word) {
        return rows.containsKey(word);
    }

    /**
     * Returns a copy of a word's vector.
     *
     * @param word a token
     * @return its vector, or {@code null} for a word the file lacks (callers treat it as unknown)
     */
    public float[] vector(String word) {
        Integer row = rows.get(word);
        return row == null ? null : Arrays.copyOfRange(values, row * dimension, (row + 1) * dimension);
    }

    /**
     * Writes the mean vector of the known tokens; unknown tokens are skipped, and no known token gives zeros.
     *
     * @param tokens the tokens
     * @param into   the destination
     * @param offset where the {@link #dimension()} floats start
     * @return how many tokens were known
     */
    public int meanInto(List<String> tokens, float[] into, int offset) {
        Arrays.fill(into, offset, offset + dimension, 0f);
        int known = 0;
        for (String token : tokens) {
            Integer row = rows.get(token);
            if (row != null) {
                int base = row * dimension;
                for (int d = 0; d < dimension; d++) {
                    into[offset + d] += values[base + d];
                }
                known++;
            }
        }
        if (known > 1) {
            for (int d = 0; d < dimension; d++) {
                into[offset + d] /= known;
            }
        }
        return known;
    }
}
