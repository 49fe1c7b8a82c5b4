package org.levistream.experiment.protocol;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.internal.DurableFiles;
import org.levistream.model.internal.Json;
import org.levistream.model.internal.Sha256;
import org.levistream.model.levi.Method;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.model.tensor.TensorCodec;

/**
 * The finished runs of one experiment, kept on disk ({@code levi experiment --resume DIR}) so that an experiment
 * cut short by a crash, a kill or the end of a working session goes on from its last finished run instead of from
 * the start. A full digits run takes many hours on a small machine; without this, none would ever finish.
 *
 * <p>A run is one (method, setting, seed): its validation outcome and its kept parameters. A restored run is the
 * same model as the one saved, bit for bit, so the results of a resumed experiment equal those of an uninterrupted
 * one. The folder's {@code identity.json} names what every run depends on besides its method, setting and seed
 * (benchmark, data, split file, budget rule, batch size, overrides): a folder made with another identity is refused,
 * naming the entries that differ. Methods, seeds and the search may change between invocations: new runs are added,
 * finished ones are reused. Each run also records the commit that trained it, and the results name every commit.
 *
 * <p>Durable: a run's parameters, then its record, are written to temporary files, synced and renamed; a record
 * exists only for a run whose parameters are complete, and its SHA-256 is checked on reading.
 */
final class FinishedRuns {
    private static final String IDENTITY = "identity.json";
    private final Path dir;
    private final String commit;
    private final TreeSet<String> commits = new TreeSet<>();
    private int restored;
    private int saved;

    /**
     * One finished run's outcome.
     *
     * @param method     the method's setting name
     * @param setting    the search point's label
     * @param seed       the seed
     * @param diverged   whether its loss turned non-finite
     * @param epochs     the kept epoch (-1: diverged)
     * @param epochsRun  epochs trained (-1: diverged)
     * @param score      the kept state's validation score (NaN: diverged)
     * @param stepMillis mean training-step time
     * @param commit     the code that trained it
     * @param sha256     of the parameters file
     */
    record Record(String method, String setting, long seed, boolean diverged, int epochs, int epochsRun, double score,
                  double stepMillis, String commit, String sha256) {}

    private FinishedRuns(Path dir, String commit) {
        this.dir = dir;
        this.commit = commit;
    }

    /**
     * Opens a folder of finished runs, creating it (with its identity) when new.
     *
     * @param dir      the folder
     * @param identity what every run depends on besides method, setting and seed
     * @param commit   the code about to train, recorded with each new run
     * @return the store
     * @throws InvalidConfigException if the folder was made with another identity
     * @throws IOException            if it cannot be read or created
     */
    static FinishedRuns open(Path dir, Map<String, String> identity, String commit) throws IOException {
        Path file = dir.resolve(IDENTITY);
        Map<String, String> wanted = new TreeMap<>(identity);
        if (Files.exists(file)) {
            Map<String, String> found = Json.MAPPER.readValue(file.toFile(), new TypeReference<TreeMap<String, String>>() {});
            List<String> problems = differences(dir, found, wanted);
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
        } else {
            Files.createDirectories(dir);
            writeAtomically(file, Json.MAPPER.writeValueAsBytes(wanted));
        }
        return new FinishedRuns(dir, commit);
    }

    private static List<String> differences(Path dir, Map<String, String> found, Map<String, String> wanted) {
        List<String> problems = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(found.keySet());
        keys.addAll(wanted.keySet());
        for (String key : keys) {
            String was = found.get(key);
            String now = wanted.get(key);
            if (was == null ? now != null : !was.equals(now)) {
                problems.add("--resume " + dir + " holds runs made with " + key + " = " + was + " but this run has "
                        + key + " = " + now + "; resume with the same settings and data, or give a new folder");
            }
        }
        return problems;
    }

    /**
     * Returns a finished run's record and parameters, if this folder has it.
     *
     * @return the record and parameters, or {@code null} when the run has not finished here
     * @throws IOException if the record exists but its parameters are missing or corrupt
     */
    Restored find(Method method, SearchPoint point, long seed) throws IOException {
        Path record = dir.resolve(key(method, point, seed) + ".json");
        if (!Files.exists(record)) {
            return null;
        }
        Record r = Json.MAPPER.readValue(record.toFile(), Record.class);
        Path tensors = dir.resolve(key(method, point, seed) + ".tensors");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(tensors);
        } catch (NoSuchFileException e) {
            throw new IOException(record + " has no parameters file " + tensors + "; delete the record to rerun it");
        }
        if (!Sha256.hex(bytes).equals(r.sha256())) {
            throw new IOException(tensors + " does not match the SHA-256 in " + record + "; delete both to rerun it");
        }
        List<NamedTensor> state = TensorCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)),
                tensors.toString());
        synchronized (this) {
            restored++;
            commits.add(r.commit());
        }
        return new Restored(r, state);
    }

    /** A finished run read back. */
    record Restored(Record record, List<NamedTensor> parameters) {}

    /**
     * Saves a finished run: parameters first, then the record that makes it visible.
     *
     * @throws IOException if it cannot be written
     */
    void save(Method method, SearchPoint point, long seed, SeedTraining.Fitted fitted) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            TensorCodec.write(out, fitted.run().parameters());
        }
        String key = key(method, point, seed);
        writeAtomically(dir.resolve(key + ".tensors"), bytes.toByteArray());
        Record r = new Record(method.settingName(), point.label(), seed, fitted.diverged(), fitted.epochs(),
                fitted.epochsRun(), fitted.score(), fitted.run().meanStepMillis(), commit,
                Sha256.hex(bytes.toByteArray()));
        writeAtomically(dir.resolve(key + ".json"), Json.MAPPER.writeValueAsBytes(r));
        synchronized (this) {
            saved++;
            commits.add(commit);
        }
    }

    /** Runs read back so far. */
    synchronized int restored() {
        return restored;
    }

    /** Runs saved so far. */
    synchronized int saved() {
        return saved;
    }

    /** The commits that trained the runs used so far, for the results' provenance. */
    synchronized List<String> commits() {
        return List.copyOf(commits);
    }

    /** The folder. */
    Path dir() {
        return dir;
    }

    static String key(Method method, SearchPoint point, long seed) {
        return method.settingName() + "__" + point.label().replaceAll("[^A-Za-z0-9.+-]", "_") + "__seed" + seed;
    }

    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        DurableFiles.fsyncFile(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DurableFiles.fsyncDirectory(file.getParent());
    }
}
