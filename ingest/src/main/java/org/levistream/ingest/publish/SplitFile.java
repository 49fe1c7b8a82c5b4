package org.levistream.ingest.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.resume.Fingerprints;
import org.levistream.ingest.split.SplitPlan;

/**
 * A split file as one run used it: its path, its parsed plan, and the fingerprint of its text, which a resumed run
 * must match so that it routes as the first run did.
 *
 * @param path        the file
 * @param plan        the parsed plan
 * @param fingerprint the fingerprint of the file's bytes
 */
public record SplitFile(Path path, SplitPlan plan, String fingerprint) {
    /** Checks for nulls. */
    public SplitFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /**
     * Reads, parses and fingerprints a split file.
     *
     * @throws InvalidConfigException naming the file, and every problem with its key, when it cannot be used
     */
    public static SplitFile load(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new InvalidConfigException(List.of("split file " + path + " could not be read: " + e));
        }
        SplitPlan plan = SplitPlan.parse(new String(bytes, StandardCharsets.UTF_8), path.toString());
        return new SplitFile(path, plan, Fingerprints.ofBytes(bytes));
    }
}
