package org.levistream.model.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes tiny vector files in the fetch script's layout, for tests. */
final class TinyGlove {
    private TinyGlove() {}

    /** Four words of dimension 3; 16 + 4 x 2 + 14 word bytes put the vector block at offset 38, unaligned. */
    static Map<String, float[]> words() {
        Map<String, float[]> w = new LinkedHashMap<>();
        w.put("the", new float[] {1f, 0f, 0f});
        w.put("sci", new float[] {0f, 2f, 0f});
        w.put("fi", new float[] {0f, 0f, 4f});
        w.put("héros", new float[] {-1f, -1f, -1f});
        return w;
    }

    static Path write(Path file, Map<String, float[]> words, int dim) throws IOException {
        return GloveVectors.write(file, words, dim);
    }

    static GloveVectors vectors(Path dir) throws IOException {
        return GloveVectors.read(write(dir.resolve("tiny.bin"), words(), 3));
    }
}
