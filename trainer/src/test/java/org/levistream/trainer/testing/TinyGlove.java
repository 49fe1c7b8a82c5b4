package org.levistream.trainer.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.features.GloveVectors;

/** A vector file in the fetch script's layout, with the words of the generated titles ("item", "0".."59"). */
public final class TinyGlove {
    /** Floats per word. */
    public static final int DIMENSION = 3;

    private TinyGlove() {}

    /** Writes the file and returns its path. */
    public static Path write(Path file) throws IOException {
        Map<String, float[]> words = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of("item"));
        for (int i = 0; i < 60; i++) {
            names.add(Integer.toString(i));
        }
        for (int i = 0; i < names.size(); i++) {
            float[] v = new float[DIMENSION];
            for (int d = 0; d < DIMENSION; d++) {
                v[d] = (float) Math.sin(i * 3 + d);
            }
            words.put(names.get(i), v);
        }
        return GloveVectors.write(file, words, DIMENSION);
    }
}
