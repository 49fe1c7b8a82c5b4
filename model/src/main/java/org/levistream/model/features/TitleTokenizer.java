package org.levistream.model.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits titles into the words the GloVe file is keyed by. It must match the tokenizer that chose the file's
 * extra words (scripts/glove-subset.js): lower-case with {@link Locale#ROOT}, split on runs of anything that is
 * neither a letter nor a digit, drop empty tokens. So {@code "Sci-Fi"} gives {@code sci, fi}.
 */
public final class TitleTokenizer {
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TitleTokenizer() {}

    /**
     * Tokenizes a text.
     *
     * @param text a title or genre name; {@code null} gives no tokens
     * @return the tokens, in order, possibly repeated
     */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String token : SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
            if (!token.isEmpty()) {
                out.add(token);
            }
        }
        return out;
    }
}
