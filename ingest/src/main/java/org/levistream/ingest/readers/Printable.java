package org.levistream.ingest.readers;

/**
 * Quotes text from an input file in an error message as a person can read it: at most {@value #MAX_CHARS}
 * characters, each control character (and U+FFFD, what a malformed byte decodes to) shown as {@code ?}. A binary
 * file named by mistake then gives a short, clean line instead of kilobytes of raw bytes on the terminal.
 */
final class Printable {
    static final int MAX_CHARS = 80;

    private Printable() {
    }

    /** The text in single quotes, cut to {@value #MAX_CHARS} characters with {@code ...} and a count. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 32).append('\'');
        int shown = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) || c == '\uFFFD' ? '?' : c);
        }
        b.append('\'');
        if (text.length() > shown) {
            b.append("... (").append(text.length()).append(" characters)");
        }
        return b.toString();
    }
}
