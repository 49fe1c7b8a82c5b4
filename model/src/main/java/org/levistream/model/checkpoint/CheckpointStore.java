package org.levistream.model.checkpoint;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.levistream.model.internal.DurableFiles;
import org.levistream.model.internal.Json;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TrainingState;
import org.levistream.model.optim.OptimizerState;
import org.levistream.model.tensor.TensorCodec;

/**
 * A folder of checkpoints, one directory per step: {@code <root>/step-000000000042/} holding
 * {@code checkpoint.json}, {@code parameters.bin}, {@code optimizer.bin}, {@code metadata.json} and, written
 * last, {@code manifest.json} with every other file's size and SHA-256.
 *
 * <p>A checkpoint is written to a hidden temporary directory, every file and the directory are fsynced, and it
 * is renamed to its final name in one atomic step; a crash leaves either no checkpoint or a complete one (plus
 * a {@code .tmp-*} leftover that {@link #list} ignores). {@link #verify} still guards against later damage.
 */
public final class CheckpointStore {
    /** The format version written into {@code checkpoint.json} and {@code manifest.json}. */
    public static final int FORMAT = 1;
    /** The checkpoint's description. */
    public static final String CHECKPOINT_JSON = "checkpoint.json";
    /** Trainable parameters, {@link TensorCodec} layout. */
    public static final String PARAMETERS_BIN = "parameters.bin";
    /** Optimizer state, {@link OptimizerState} layout. */
    public static final String OPTIMIZER_BIN = "optimizer.bin";
    /** The caller's JSON blob, verbatim. */
    public static final String METADATA_JSON = "metadata.json";
    /**
     * Optional: the featurizer's state that later features depend on (user histories), for whoever scores the
     * model; absent for featurizers whose output depends on each record alone.
     */
    public static final String FEATURES_BIN = "features.bin";
    /** Sizes and checksums of the other files; its presence marks a complete checkpoint. */
    public static final String MANIFEST_JSON = "manifest.json";

    private static final List<String> REQUIRED = List.of(CHECKPOINT_JSON, PARAMETERS_BIN, OPTIMIZER_BIN, METADATA_JSON);
    private static final Pattern STEP_DIR = Pattern.compile("step-(\\d{12,})");

    private final Path root;

    /**
     * Opens (and creates if needed) a checkpoint folder.
     *
     * @param root the folder
     * @throws IOException if it cannot be created
     */
    public CheckpointStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    /**
     * Returns the folder.
     *
     * @return the root path
     */
    public Path root() {
        return root;
    }

    /**
     * Saves a trainer's current state.
     *
     * @param trainer      the trainer
     * @param metadata     caller strings (offsets, schema ids, ...); may be empty
     * @param metadataJson a small JSON document for structured caller data, or {@code null} for {@code {}}
     * @return the new checkpoint's directory
     * @throws IOException if writing fails or a checkpoint for this step exists
     */
    public Path save(LeviTrainer trainer, Map<String, String> metadata, String metadataJson) throws IOException {
        TrainingState state = trainer.snapshot();
        return write(describe(trainer, state, metadata), state, metadataJson);
    }

    /**
     * Describes a trainer's state as a checkpoint does: format, step, seed, settings and their hash, backbone hash,
     * the caller's metadata and the engine's provenance. For callers that take the state now and write it later.
     *
     * @param trainer  the trainer the state was taken from
     * @param state    the state, from {@link LeviTrainer#snapshot()}
     * @param metadata caller strings (offsets, schema ids, ...); may be empty
     * @return the description
     */
    public static CheckpointInfo describe(LeviTrainer trainer, TrainingState state, Map<String, String> metadata) {
        ModelSpec spec = trainer.model().spec();
        String backboneHash = trainer.model().backbone() == null ? null : trainer.model().backbone().contentHash();
        return new CheckpointInfo(FORMAT, state.step(), spec.seed(), spec.settingsHash(), spec.toSettings(),
                backboneHash, metadata, provenance(trainer));
    }

    /**
     * Writes a checkpoint atomically.
     *
     * @param info         the description; its step names the directory
     * @param state        parameters and optimizer state
     * @param metadataJson a JSON document, or {@code null} for {@code {}}
     * @return the new checkpoint's directory
     * @throws IOException if writing fails, the JSON is malformed, or the directory exists
     */
    public Path write(CheckpointInfo info, TrainingState state, String metadataJson) throws IOException {
        return write(info, state, metadataJson, null);
    }

    /**
     * Writes a checkpoint atomically, with the featurizer's state.
     *
     * @param info         the description; its step names the directory
     * @param state        parameters and optimizer state
     * @param metadataJson a JSON document, or {@code null} for {@code {}}
     * @param features     the featurizer's state ({@value #FEATURES_BIN}), or {@code null} for none
     * @return the new checkpoint's directory
     * @throws IOException if writing fails, the JSON is malformed, or the directory exists
     */
    public Path write(CheckpointInfo info, TrainingState state, String metadataJson, byte[] features)
            throws IOException {
        String json = metadataJson == null ? "{}" : metadataJson;
        checkJson(json);
        Path target = root.resolve(directoryName(info.step()));
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a checkpoint for this step exists");
        }
        Path tmp = Files.createTempDirectory(root, ".tmp-" + directoryName(info.step()) + "-");
        try {
            Json.MAPPER.writeValue(tmp.resolve(CHECKPOINT_JSON).toFile(), info);
            try (DataOutputStream out = dataOut(tmp.resolve(PARAMETERS_BIN))) {
                TensorCodec.write(out, state.parameters());
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(OPTIMIZER_BIN)))) {
                state.optimizer().writeTo(out);
            }
            Files.writeString(tmp.resolve(METADATA_JSON), json, StandardCharsets.UTF_8);
            List<String> files = new java.util.ArrayList<>(REQUIRED);
            if (features != null) {
                Files.write(tmp.resolve(FEATURES_BIN), features);
                files.add(FEATURES_BIN);
            }
            CheckpointVerifier.writeManifest(tmp, files);
            DurableFiles.publishDirectory(tmp, target);
        } finally {
            DurableFiles.deleteTree(tmp);
        }
        return target;
    }

    /**
     * Lists the complete-looking checkpoint directories (named {@code step-*}), oldest first. Use
     * {@link #latestVerified()} to pick one to resume from.
     *
     * @return directories sorted by step
     * @throws IOException if the folder cannot be listed
     */
    public List<Path> list() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> STEP_DIR.matcher(d.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf))
                    .toList();
        }
    }

    /**
     * Finds the newest checkpoint that passes {@link #verify}: the one to resume from.
     *
     * @return its directory, or empty if none verifies
     * @throws IOException if the folder cannot be listed
     */
    public Optional<Path> latestVerified() throws IOException {
        List<Path> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (verify(all.get(i)).isEmpty()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a checkpoint directory against its manifest: every required file listed, every listed file present
     * with the recorded size and SHA-256, no unlisted files.
     *
     * @param dir a checkpoint directory
     * @return one message per problem; empty when the checkpoint is intact
     */
    public static List<String> verify(Path dir) {
        return CheckpointVerifier.verify(dir, REQUIRED);
    }

    /**
     * Verifies and reads a checkpoint.
     *
     * @param dir a checkpoint directory
     * @return its contents
     * @throws CorruptCheckpointException if {@link #verify} finds problems
     * @throws IOException                if a file cannot be parsed
     */
    public static LoadedCheckpoint read(Path dir) throws IOException {
        List<String> problems = verify(dir);
        if (!problems.isEmpty()) {
            throw new CorruptCheckpointException(dir, problems);
        }
        CheckpointInfo info = Json.MAPPER.readValue(dir.resolve(CHECKPOINT_JSON).toFile(), CheckpointInfo.class);
        if (info.format() != FORMAT) {
            throw new IOException(dir.resolve(CHECKPOINT_JSON) + " has format " + info.format() + "; this build reads "
                    + FORMAT);
        }
        List<org.levistream.model.tensor.NamedTensor> parameters;
        try (DataInputStream in = dataIn(dir.resolve(PARAMETERS_BIN))) {
            parameters = TensorCodec.read(in, PARAMETERS_BIN);
        }
        OptimizerState optimizer;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(dir.resolve(OPTIMIZER_BIN)))) {
            optimizer = OptimizerState.readFrom(in);
        }
        String json = Files.readString(dir.resolve(METADATA_JSON), StandardCharsets.UTF_8);
        return new LoadedCheckpoint(dir, info, parameters, optimizer, json);
    }

    /**
     * Reads the featurizer's state of a checkpoint that {@link #read} verified.
     *
     * @param dir the checkpoint directory
     * @return the bytes of {@value #FEATURES_BIN}; empty when the checkpoint has none
     * @throws IOException if the file exists but cannot be read
     */
    public static java.util.Optional<byte[]> features(Path dir) throws IOException {
        Path file = dir.resolve(FEATURES_BIN);
        return Files.isRegularFile(file) ? java.util.Optional.of(Files.readAllBytes(file)) : java.util.Optional.empty();
    }

    /**
     * Restores a trainer from a checkpoint for an exact resume, after checking that the checkpoint was made with
     * the same settings and backbone and that every parameter and optimizer tensor matches by name and shape.
     *
     * @param trainer    a freshly built trainer with the checkpoint's settings and backbone
     * @param checkpoint the checkpoint
     * @throws IncompatibleCheckpointException listing every difference; the trainer is then unchanged
     */
    public static void restore(LeviTrainer trainer, LoadedCheckpoint checkpoint) {
        List<String> problems = mismatches(trainer.model(), checkpoint);
        int expected = trainer.model().trainableParameters().size();
        OptimizerState optimizer = checkpoint.optimizer();
        if (optimizer.slots().size() != expected) {
            problems.add(OPTIMIZER_BIN + " has state for " + optimizer.slots().size() + " parameters ("
                    + optimizer.tensorCount() + " tensors), the model has " + expected + " trainable parameters");
        }
        if (!problems.isEmpty()) {
            throw new IncompatibleCheckpointException(problems);
        }
        try {
            trainer.restore(checkpoint.trainingState());
        } catch (IllegalArgumentException e) {
            throw new IncompatibleCheckpointException(List.of(OPTIMIZER_BIN + ": " + e.getMessage()));
        }
    }

    /**
     * Loads a checkpoint's parameters into a model for inference (the evaluator's path: no optimizer, no step),
     * after the same settings, backbone and shape checks as {@link #restore}.
     *
     * @param model      a model built from the checkpoint's settings on its backbone
     * @param checkpoint the checkpoint
     * @throws IncompatibleCheckpointException listing every difference; the model is then unchanged
     */
    public static void restoreParameters(LeviModel model, LoadedCheckpoint checkpoint) {
        List<String> problems = mismatches(model, checkpoint);
        if (!problems.isEmpty()) {
            throw new IncompatibleCheckpointException(problems);
        }
        model.loadParameters(checkpoint.parameters());
    }

    private static List<String> mismatches(LeviModel model, LoadedCheckpoint checkpoint) {
        List<String> problems = new ArrayList<>();
        CheckpointInfo info = checkpoint.info();
        ModelSpec spec = model.spec();
        if (!info.settingsHash().equals(spec.settingsHash())) {
            problems.add(CHECKPOINT_JSON + " has settings hash " + info.settingsHash() + " but the running settings hash to "
                    + spec.settingsHash() + "; differing keys: " + differingKeys(info.settings(), spec.toSettings()));
        }
        String backbone = model.backbone() == null ? null : model.backbone().contentHash();
        if (!Objects.equals(info.backboneHash(), backbone)) {
            problems.add(CHECKPOINT_JSON + " names backbone " + info.backboneHash() + " but the model's backbone is "
                    + backbone);
        }
        model.parameterMismatches(checkpoint.parameters()).forEach(p -> problems.add(PARAMETERS_BIN + " " + p));
        return problems;
    }

    /**
     * Deletes a checkpoint (retention). It is first renamed to a hidden {@code .tmp-} name, so that a crash
     * half-way never leaves a partial {@code step-*} directory behind.
     *
     * @param dir a checkpoint directory in this store
     * @throws IOException if it cannot be renamed or deleted
     */
    public void delete(Path dir) throws IOException {
        Path hidden = root.resolve(".tmp-delete-" + dir.getFileName());
        Files.move(dir, hidden, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.deleteTree(hidden);
    }

    /**
     * Deletes leftovers of interrupted writes ({@code .tmp-*} directories).
     *
     * @return how many were removed
     * @throws IOException if one cannot be deleted
     */
    public int removeIncomplete() throws IOException {
        int removed = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (d.getFileName().toString().startsWith(".tmp-")) {
                    DurableFiles.deleteTree(d);
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * Names a step's directory: {@code step-} and the step zero-padded to 12 digits, so names sort by step.
     *
     * @param step the step
     * @return the directory name
     */
    public static String directoryName(long step) {
        return "step-%012d".formatted(step);
    }

    private static void checkJson(String json) throws IOException {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IOException("metadata JSON is empty");
            }
        } catch (JsonProcessingException e) {
            throw new IOException("metadata JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }

    private static String differingKeys(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.removeIf(k -> Objects.equals(a.get(k), b.get(k)));
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(k + " (" + a.get(k) + " -> " + b.get(k) + ")"));
        return String.join(", ", out);
    }

    private static Map<String, String> provenance(LeviTrainer trainer) {
        Map<String, String> p = new TreeMap<>();
        Engine engine = Engine.getInstance();
        p.put("djl.version", Engine.getDjlVersion());
        p.put("engine", engine.getEngineName() + " " + engine.getVersion());
        p.put("device", trainer.model().device().toString());
        p.put("java.version", System.getProperty("java.version"));
        return p;
    }

    private static long stepOf(Path dir) {
        Matcher m = STEP_DIR.matcher(dir.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static DataOutputStream dataOut(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    private static DataInputStream dataIn(Path file) throws IOException {
        return new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }
}
