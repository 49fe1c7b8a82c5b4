package org.levistream.ingest.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.schemas.GeneratedRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pretrain file of one ingest job: an Avro object container file of {@code Interaction} or {@code ImageRecord}
 * (deflate level 1), the file {@code levi pretrain} reads.
 *
 * <p>Exactly once, without Kafka: at the end of every chunk the file is cut at a block boundary and forced to disk,
 * and its length goes into the same transaction as the chunk's records. A resumed run truncates the file to the
 * committed length, which drops whatever a killed run appended after its last commit, and appends from there. The
 * file records its job id in its metadata ({@value #JOB_KEY}); a new job refuses a file another job wrote, rather
 * than overwrite it. The file is created only when the first record is written.
 */
final class PretrainFile implements AutoCloseable {
    /** The Avro metadata key holding the job id. */
    static final String JOB_KEY = "levi.ingest.job";
    private static final Logger log = LoggerFactory.getLogger(PretrainFile.class);
    private static final int DEFLATE_LEVEL = 1;

    private final Path path;
    private final Schema schema;
    private final String job;
    private long committedBytes;
    private DataFileWriter<SpecificRecord> writer;
    private boolean dirty;

    /**
     * @param path           the file
     * @param schema         the records' schema
     * @param job            the job id, stored in and checked against the file's metadata
     * @param committedBytes the length the job committed; 0 for none
     */
    PretrainFile(Path path, Schema schema, String job, long committedBytes) {
        this.path = path;
        this.schema = schema;
        this.job = job;
        this.committedBytes = committedBytes;
    }

    /** The file. */
    Path path() {
        return path;
    }

    /**
     * Checks, before anything is published, that a file this job committed to is still there: at least as long as
     * committed. A job that has committed nothing to the file checks it when it first writes (see {@link #append}),
     * so that jobs that route nothing to it (MNIST beside Fashion-MNIST in one split file) never touch it.
     */
    void checkResumable() {
        if (committedBytes > 0) {
            long size = sizeOrMinusOne();
            if (size < committedBytes) {
                throw new IngestFailedException("pretrain file " + path + " has " + Math.max(size, 0) + " bytes but "
                        + "job " + job + " committed " + committedBytes + "; restore the file, or start a new job "
                        + "with --job-id (its records then go to the topics a second time)");
            }
        }
    }

    /**
     * Appends a record, opening the file on first use: truncated to the committed length, or created anew. A file
     * that another job wrote is refused with an {@link InvalidConfigException}, rather than overwritten.
     */
    void append(SpecificRecord record) {
        try {
            if (writer == null) {
                writer = open();
            }
            writer.append(record);
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("writing pretrain file " + path, e);
        }
    }

    /** Ends the current block, forces the file to disk, and returns its length: the value to commit. */
    long sync() {
        if (!dirty) {
            return committedBytes;
        }
        try {
            writer.sync();
            writer.fSync();
            committedBytes = Files.size(path);
            dirty = false;
            return committedBytes;
        } catch (IOException e) {
            throw new UncheckedIOException("syncing pretrain file " + path, e);
        }
    }

    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing pretrain file " + path, e);
        } finally {
            writer = null;
        }
    }

    private DataFileWriter<SpecificRecord> open() throws IOException {
        GeneratedRecords.trust();
        var fresh = new DataFileWriter<SpecificRecord>(new SpecificDatumWriter<>(schema));
        if (committedBytes > 0) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                if (channel.size() > committedBytes) {
                    log.info("Truncating {} from {} to its committed {} bytes", path, channel.size(), committedBytes);
                }
                channel.truncate(committedBytes);
                channel.force(true);
            }
            return fresh.appendTo(path.toFile());
        }
        if (Files.exists(path)) {
            owner().filter(owner -> !owner.equals(job)).ifPresent(owner -> {
                throw new InvalidConfigException(List.of("pretrain file " + path + " was written by ingest job "
                        + owner + ", not " + job + "; move it away, or give this job another with --pretrain-file"));
            });
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        fresh.setCodec(CodecFactory.deflateCodec(DEFLATE_LEVEL));
        fresh.setMeta(JOB_KEY, job);
        return fresh.create(schema, path.toFile());
    }

    /** The job id in the file's metadata; empty when the file is no readable Avro file (a run killed at start). */
    private Optional<String> owner() {
        try (var reader = new DataFileReader<>(path.toFile(), new GenericDatumReader<>())) {
            return Optional.of(Optional.ofNullable(reader.getMetaString(JOB_KEY)).orElse("(none)"));
        } catch (IOException e) {
            log.warn("Pretrain file {} is not a readable Avro file ({}); it will be overwritten", path, e.toString());
            return Optional.empty();
        }
    }

    private long sizeOrMinusOne() {
        try {
            return Files.exists(path) ? Files.size(path) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the size of " + path, e);
        }
    }
}
