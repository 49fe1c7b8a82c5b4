package org.levistream.evaluator.scoring;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.checkpoint.LoadedCheckpoint;
import org.levistream.model.features.HashedRatingFeatures;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TaskKind;
import org.levistream.evaluator.topology.WorkItem;

/**
 * Opens an announced version for scoring, after checking that it is the checkpoint the trainer announced: its
 * directory must resolve (links followed) inside the configured checkpoint root, the SHA-256 of its manifest must be
 * the announced content hash, and every file must match the manifest. The model is rebuilt from the settings the
 * checkpoint carries, over the backbone it names by hash, with the featurizer the trainer used.
 */
public final class VersionLoader {
    /** The trainer's settings in its checkpoint metadata: the featurizer and the topics trained on. */
    private static final String FEATURES = "trainer.features";
    private static final String INPUT_TOPICS = "trainer.input.topics";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path checkpointRoot;
    private final Path backboneStore;
    private final Device device;

    /**
     * Creates a loader.
     *
     * @param checkpointRoot every checkpoint must lie in this folder
     * @param backboneStore  the backbone store
     * @param device         where models are scored
     */
    public VersionLoader(Path checkpointRoot, Path backboneStore, Device device) {
        this.checkpointRoot = checkpointRoot;
        this.backboneStore = backboneStore;
        this.device = device;
    }

    /**
     * Verifies and opens a version.
     *
     * @param version the announcement
     * @return the model and its featurizer; close it
     * @throws VersionRefusedException when the version must not or cannot be scored, saying why
     * @throws IOException             when a file cannot be read for another reason
     */
    public LoadedVersion load(WorkItem.Version version) throws VersionRefusedException, IOException {
        Path dir = resolveInsideRoot(version);
        String hash = sha256(dir.resolve(CheckpointStore.MANIFEST_JSON));
        if (!hash.equals(version.contentHash())) {
            throw new VersionRefusedException("hash-mismatch", describe(version) + ": its manifest hashes to " + hash
                    + " but the announcement says " + version.contentHash() + "; the checkpoint was altered");
        }
        LoadedCheckpoint checkpoint = CheckpointStore.read(dir);
        ModelSpec spec = ModelSpec.fromSettings(checkpoint.info().settings());
        JsonNode settings = JSON.readTree(checkpoint.metadataJson()).path("settings");
        List<String> streams = Arrays.stream(settings.path(INPUT_TOPICS).asText("").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        HeldOutBatches batches = batches(version, spec, settings.path(FEATURES).asText("hashed"));
        Backbone backbone = spec.method().usesBackbone() ? backbone(version) : null;
        LeviModel model = null;
        try {
            model = LeviModel.create(spec, backbone, device);
            List<String> mismatches = model.parameterMismatches(checkpoint.parameters());
            if (!mismatches.isEmpty()) {
                throw new VersionRefusedException("parameters", describe(version) + ": its parameters do not fit the "
                        + "model its settings describe: " + String.join("; ", mismatches));
            }
            model.loadParameters(checkpoint.parameters());
            return new LoadedVersion(model, backbone, batches, streams);
        } catch (VersionRefusedException | RuntimeException e) {
            if (model != null) {
                model.close();
            }
            if (backbone != null) {
                backbone.close();
            }
            throw e;
        }
    }

    private Path resolveInsideRoot(WorkItem.Version version) throws VersionRefusedException, IOException {
        Path root;
        Path dir;
        try {
            root = checkpointRoot.toRealPath();
        } catch (NoSuchFileException e) {
            throw new VersionRefusedException("no-root", describe(version) + ": the checkpoint root " + checkpointRoot
                    + " does not exist; set evaluator.checkpoint.root to the trainers' checkpoint folder");
        }
        try {
            dir = Path.of(version.path()).toRealPath();
        } catch (NoSuchFileException e) {
            throw new VersionRefusedException("missing", describe(version) + ": " + version.path() + " does not exist "
                    + "(deleted by the trainer's retention before it was scored, or on another machine)");
        }
        if (!dir.startsWith(root)) {
            throw new VersionRefusedException("outside-root", describe(version) + ": " + dir + " is outside the "
                    + "checkpoint root " + root + " (evaluator.checkpoint.root); it is not read");
        }
        return dir;
    }

    private static HeldOutBatches batches(WorkItem.Version version, ModelSpec spec, String features)
            throws VersionRefusedException {
        if (spec.task() == TaskKind.CLASSIFICATION) {
            return new HeldOutBatches.Images(ImageFeaturizer.mnist());
        }
        if (!features.equals("hashed")) {
            throw new VersionRefusedException("features", describe(version) + ": it was trained with trainer.features="
                    + features + ", whose user context depends on the training stream; the evaluator scores only "
                    + "versions whose features depend on each record alone (hashed, images)");
        }
        return new HeldOutBatches.HashedRatings(new HashedRatingFeatures(spec.small().buckets()));
    }

    private Backbone backbone(WorkItem.Version version) throws VersionRefusedException, IOException {
        BackboneStore store = new BackboneStore(backboneStore);
        if (!store.contains(version.backboneHash())) {
            throw new VersionRefusedException("backbone", describe(version) + ": its backbone "
                    + version.backboneHash() + " is not in " + backboneStore + " (evaluator.backbone.store)");
        }
        return store.open(version.backboneHash(), device);
    }

    private static String describe(WorkItem.Version v) {
        return "version " + v.version() + " of " + v.experiment();
    }

    private static String sha256(Path file) throws VersionRefusedException, IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            throw new VersionRefusedException("incomplete", "the checkpoint " + file.getParent() + " has no manifest");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
