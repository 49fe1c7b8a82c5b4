package org.levistream.model.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lowercase hex: the content hashes of backbones, settings and checkpoint files. */
public final class Sha256 {
    private Sha256() {}

    /**
     * Hashes bytes.
     *
     * @param bytes the content
     * @return 64 lowercase hex digits
     */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * Hashes the UTF-8 encoding of a string.
     *
     * @param text the content
     * @return 64 lowercase hex digits
     */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Hashes a file's content, streaming it.
     *
     * @param file the file
     * @return 64 lowercase hex digits
     * @throws IOException if the file cannot be read
     */
    public static String hex(Path file) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
