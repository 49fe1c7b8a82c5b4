package org.levistream.ingest.resume;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of an ingest job: what a restarted run must match to continue where the last one committed. It keys
 * the committed position and names the producer's {@code transactional.id}, so that a restarted run fences a
 * still-running one.
 *
 * @param value e.g. {@code movielens-movielens-csv-5d1c07a2}: letters, digits, '.', '_' and '-'
 */
public record JobId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final int HASH_DIGITS = 8;
    private static final int MAX_STEM = 60;

    /** Checks the alphabet: the id is used in a transactional id and in file metadata. */
    public JobId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("job id was '" + value + "' but must be 1 to 200 letters, digits, "
                    + "'.', '_' or '-'");
        }
    }

    /**
     * The id derived from a command's arguments: the command, the first input's name, and a hash of the command,
     * the inputs' absolute paths, the split file's absolute path and the options that shape records. The same
     * arguments from any working directory give the same id; other inputs, options or split file give another.
     */
    public static JobId derive(String command, List<Path> inputs, Path splitFile, String recordOptions) {
        StringBuilder identity = new StringBuilder(command).append('\n');
        inputs.forEach(p -> identity.append(p.toAbsolutePath().normalize()).append('\n'));
        identity.append(splitFile.toAbsolutePath().normalize()).append('\n').append(recordOptions);
        String stem = inputs.isEmpty() ? "input" : inputs.get(0).toAbsolutePath().normalize().getFileName()
                .toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (stem.length() > MAX_STEM) {
            stem = stem.substring(0, MAX_STEM);
        }
        String hash = Fingerprints.sha256Hex(identity.toString()).substring(0, HASH_DIGITS);
        return new JobId(command + "-" + (stem.isEmpty() ? "input" : stem) + "-" + hash);
    }

    /** The producer's transactional id for this job. */
    public String transactionalId() {
        return "levi-ingest-" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
