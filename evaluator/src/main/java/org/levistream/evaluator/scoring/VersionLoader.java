package org.levistream.evaluator.scoring;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
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
import org.levistream.model.features.GloveVectors;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.model.features.ItemContentFeaturizer;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.features.UserHistory;
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

    private static final String RECENT_ITEMS = "trainer.features.recent.items";
    private static final String MAX_USERS = "trainer.features.max.users";

    private final Path checkpointRoot;
    private final Path backboneStore;
    private final Path glove;
    private final Device device;
    /** The GloVe vectors, read at the first version with {@code movielens} features. */
    private GloveVectors gloveVectors;

    /**
     * Creates a loader.
     *
     * @param checkpointRoot every checkpoint must lie in this folder
     * @param backboneStore  the backbone store
     * @param glove          the GloVe vectors versions with {@code movielens} features were trained with
     * @param device         where models are scored
     */
    public VersionLoader(Path checkpointRoot, Path backboneStore, Path glove, Device device) {
        this.checkpointRoot = checkpointRoot;
        this.backboneStore = backboneStore;
        this.glove = glove;
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
        HeldOutBatches batches = batches(version, spec, settings, dir);
        Backbone backbone = spec.method().usesBackbone() ? backbone(version) : null;
        LeviModel model = null;
        try {
            if (backbone != null && !backbone.inputShape().equals(batches.exampleShape())) {
                throw new VersionRefusedException("features", describe(version) + ": its backbone takes "
                        + backbone.inputShape() + " but its featurizer makes " + batches.exampleShape());
            }
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

    private HeldOutBatches batches(WorkItem.Version version, ModelSpec spec, JsonNode settings, Path dir)
            throws VersionRefusedException, IOException {
        String features = settings.path(FEATURES).asText("hashed");
        if (spec.task() == TaskKind.CLASSIFICATION) {
            return new HeldOutBatches.Images(ImageFeaturizer.mnist());
        }
        if (features.equals("hashed")) {
            return new HeldOutBatches.HashedRatings(new HashedRatingFeatures(spec.small().buckets()));
        }
        if (!features.equals("movielens")) {
            throw new VersionRefusedException("features", describe(version) + ": it was trained with trainer.features="
                    + features + ", which the evaluator does not know");
        }
        byte[] state = CheckpointStore.features(dir).orElseThrow(() -> new VersionRefusedException("features",
                describe(version) + ": it was trained with movielens features but its checkpoint carries no "
                        + "featurizer state (" + CheckpointStore.FEATURES_BIN + "); it predates them"));
        ItemContentFeaturizer content = ItemContentFeaturizer.movieLens(gloveVectors());
        UserHistory history = new UserHistory(content.width(), settings.path(RECENT_ITEMS).asInt(20),
                settings.path(MAX_USERS).asInt(1_000_000));
        RecommendationFeaturizer featurizer = new RecommendationFeaturizer(content, history, spec.small().buckets(),
                1_000_000);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            featurizer.readState(in);
        } catch (IOException e) {
            throw new VersionRefusedException("features", describe(version) + ": its featurizer state does not fit "
                    + "the GloVe vectors " + glove + " (evaluator.features.glove): " + e.getMessage());
        }
        return new HeldOutBatches.MovieLens(featurizer);
    }

    private GloveVectors gloveVectors() throws VersionRefusedException, IOException {
        if (gloveVectors == null) {
            if (!Files.isRegularFile(glove)) {
                throw new VersionRefusedException("glove", "versions with movielens features need the GloVe vectors "
                        + "they were trained with; " + glove + " (evaluator.features.glove) does not exist");
            }
            gloveVectors = GloveVectors.read(glove);
        }
        return gloveVectors;
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
