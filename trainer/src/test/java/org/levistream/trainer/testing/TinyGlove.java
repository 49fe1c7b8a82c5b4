package org.levistream.trainer.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.levistream.model.features.GloveVectors;

/** A vector file in the fetch script's layout, with the words of the generated titles ("item", "0".."59"). */
public final class TinyGlove {
    /** Floats per word. */
    public static final int DIMENSION = 3;

    private TinyGlove() {}

    /** Writes the file and returns its path. */
    public static Path write(Path file) throws IOException {
        List<String> words = new ArrayList<>(List.of("item"));
        for (int i = 0; i < 60; i++) {
            words.add(Integer.toString(i));
        }
        int size = 16 + words.size() * DIMENSION * Float.BYTES;
        for (String w : words) {
            size += 2 + w.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(GloveVectors.MAGIC).putInt(GloveVectors.VERSION).putInt(words.size()).putInt(DIMENSION);
        for (String w : words) {
            byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
            b.putShort((short) bytes.length).put(bytes);
        }
        for (int i = 0; i < words.size(); i++) {
            for (int d = 0; d < DIMENSION; d++) {
                b.putFloat((float) Math.sin(i * 3 + d));
            }
        }
        return Files.write(file, b.array());
    }
}
