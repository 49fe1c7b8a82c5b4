package org.levistream.ingest.publish;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.levistream.ingest.readers.RecordReader;

/**
 * One source to ingest: how to open it, what it consists of, and what shapes its records. Build one with
 * {@link IngestSources}.
 *
 * @param command       the kind of source, e.g. {@code movielens}: the start of the job id
 * @param format        the record type
 * @param inputs        every file or folder read, for the job id and the source fingerprint
 * @param recordOptions the options that change the records (domain, classes, clock...), canonical text; part of the
 *                      job id
 * @param opener        opens a fresh reader at the start of the source; called once per run
 * @param estimate      the expected number of results, for progress; may be empty
 * @param <T>           the record type
 */
public record IngestSource<T>(String command, RecordFormat<T> format, List<Path> inputs, String recordOptions,
                              Supplier<RecordReader<T>> opener, Supplier<OptionalLong> estimate) {
    /** Checks for nulls and copies the inputs. */
    public IngestSource {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(format, "format");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(recordOptions, "recordOptions");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(estimate, "estimate");
    }

    /** E.g. {@code movielens data/movielens/movielens.csv}. */
    public String describe() {
        return command + " " + String.join(" + ", inputs.stream().map(Path::toString).toList());
    }
}
