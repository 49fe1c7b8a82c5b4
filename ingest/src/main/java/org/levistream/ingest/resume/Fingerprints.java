package org.levistream.ingest.resume;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content fingerprints that tell a resumed run whether it reads what the first run read.
 *
 * <p>A file counts by its size and the SHA-256 of its first {@value #HEAD_BYTES} bytes (not its modification time, so
 * a copy is the same source); a folder by the relative path and size of every regular file under it, which is cheap
 * for image trees of many thousands of files. Fingerprints read {@code sha256:} and 16 hex digits.
 */
public final class Fingerprints {
    /** How much of each file's content goes into its fingerprint. */
    public static final int HEAD_BYTES = 1 << 20;

    private Fingerprints() {
    }

    /** The fingerprint of the inputs, in order. */
    public static String ofInputs(List<Path> inputs) {
        MessageDigest digest = sha256();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                addFolder(digest, input);
            } else {
                addFile(digest, input);
            }
        }
        return format(digest.digest());
    }

    /** The fingerprint of some bytes, e.g. a split file's text. */
    public static String ofBytes(byte[] bytes) {
        return format(sha256().digest(bytes));
    }

    /** The SHA-256 of {@code text}, as 64 hex digits: for ids derived from arguments. */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void addFile(MessageDigest digest, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(("file " + Files.size(file) + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(in.readNBytes(HEAD_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("fingerprinting " + file, e);
        }
    }

    private static void addFolder(MessageDigest digest, Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/') + " " + size(f) + "\n")
                    .sorted()
                    .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("fingerprinting " + root, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("fingerprinting " + file, e);
        }
    }

    private static String format(byte[] hash) {
        return "sha256:" + HexFormat.of().formatHex(hash, 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
