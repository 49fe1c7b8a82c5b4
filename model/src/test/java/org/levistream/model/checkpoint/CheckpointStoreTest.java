package org.levistream.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.levi.TrainingState;
import org.levistream.model.optim.OptimizerState;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.model.testing.Synthetic;

@Timeout(120)
class CheckpointStoreTest {
    private static final Map<String, String> OFFSETS = Map.of("offset.levi.interactions-0", "1234");
    private static final String JSON = "{\"nextOffsets\":{\"levi.interactions-0\":1234},\"schemaIds\":[1,2]}";

    @TempDir
    Path dir;

    @Test
    void resumingFromACheckpointReachesBitIdenticalParametersToNeverStopping() throws IOException {
        // Dropout makes every step draw random numbers: only reseeding from (seed, step) keeps the runs together.
        ModelSpec spec = Synthetic.ratingSpec(Method.LEVI).dropout(0.3f).build();
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"));
        BackboneStore backbones = new BackboneStore(dir.resolve("backbones"));
        TrainingState uninterrupted;
        Path checkpoint;
        try (BlockBackbone backbone = Synthetic.mlpBackbone()) {
            backbones.put(backbone);
            try (LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
                 LeviTrainer trainer = new LeviTrainer(model, null)) {
                train(trainer, 0, 4);
                checkpoint = store.save(trainer, OFFSETS, JSON);
                train(trainer, 4, 4);
                uninterrupted = trainer.snapshot();
            }
        }

        LoadedCheckpoint loaded = CheckpointStore.read(store.latestVerified().orElseThrow());
        TrainingState resumed;
        try (var backbone = backbones.open(loaded.info().backboneHash(), Device.cpu());
             LeviModel model = LeviModel.create(ModelSpec.fromSettings(loaded.info().settings()), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            CheckpointStore.restore(trainer, loaded);
            assertThat(trainer.step()).isEqualTo(4);
            train(trainer, trainer.step(), 4);
            resumed = trainer.snapshot();
        }

        assertThat(loaded.directory()).isEqualTo(checkpoint);
        assertBitIdentical(resumed, uninterrupted);
    }

    @Test
    void fineTuningResumesExactlyWithTheBackboneInTheCheckpoint() throws IOException {
        ModelSpec spec = Synthetic.ratingSpec(Method.FT).build();
        CheckpointStore store = new CheckpointStore(dir);
        TrainingState uninterrupted;
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            train(trainer, 0, 3);
            store.save(trainer, Map.of(), null);
            train(trainer, 3, 3);
            uninterrupted = trainer.snapshot();
        }
        TrainingState resumed;
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            CheckpointStore.restore(trainer, CheckpointStore.read(store.latestVerified().orElseThrow()));
            train(trainer, 3, 3);
            resumed = trainer.snapshot();
        }

        assertThat(uninterrupted.parameters()).anyMatch(t -> t.name().startsWith("backbone."));
        assertBitIdentical(resumed, uninterrupted);
    }

    @Test
    void aModelServesACheckpointsVersionWithoutATrainer() throws IOException {
        ModelSpec spec = Synthetic.ratingSpec(Method.LEVI).build();
        float[] expected;
        Path written;
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            train(trainer, 0, 3);
            written = new CheckpointStore(dir).save(trainer, Map.of(), null);
            expected = trainer.predict(Synthetic.ratingBatch(m, 9, 0, 8), m).toFloatArray();
        }
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CheckpointStore.restoreParameters(model, CheckpointStore.read(written));

            assertThat(model.predict(Synthetic.ratingBatch(m, 9, 0, 8), m, null).toFloatArray()).containsExactly(expected);
        }
    }

    @Test
    void deletingACheckpointLeavesNoStepDirectoryBehind() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        Path cp = writeSmallCheckpoint();

        store.delete(cp);

        assertThat(store.list()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void keepsCallerMetadataSettingsAndHashes() throws IOException {
        ModelSpec spec = Synthetic.ratingSpec(Method.LEVI).build();
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            train(trainer, 0, 2);
            Path written = new CheckpointStore(dir).save(trainer, OFFSETS, JSON);

            LoadedCheckpoint cp = CheckpointStore.read(written);

            assertThat(written.getFileName().toString()).isEqualTo("step-000000000002");
            assertThat(cp.info().step()).isEqualTo(2);
            assertThat(cp.info().seed()).isEqualTo(spec.seed());
            assertThat(cp.info().metadata()).isEqualTo(OFFSETS);
            assertThat(cp.metadataJson()).isEqualTo(JSON);
            assertThat(cp.info().settings()).isEqualTo(spec.toSettings());
            assertThat(cp.info().settingsHash()).isEqualTo(spec.settingsHash());
            assertThat(cp.info().backboneHash()).isEqualTo(backbone.contentHash());
            assertThat(cp.info().provenance()).containsKeys("djl.version", "engine", "device", "java.version");
            assertThat(cp.parameters()).extracting(NamedTensor::name)
                    .containsExactlyElementsOf(model.trainableParameters().keySet());
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).as("no temporary directory is left behind").containsExactly(written);
            }
        }
    }

    @Test
    void verifyDetectsACorruptedFile() throws IOException {
        Path cp = writeSmallCheckpoint();
        assertThat(CheckpointStore.verify(cp)).isEmpty();
        Path parameters = cp.resolve(CheckpointStore.PARAMETERS_BIN);
        byte[] bytes = Files.readAllBytes(parameters);
        bytes[bytes.length / 2] ^= 0x01; // one flipped bit, size unchanged
        Files.write(parameters, bytes);

        assertThat(CheckpointStore.verify(cp)).singleElement().asString()
                .startsWith("parameters.bin has SHA-256 ").contains("but the manifest says");
        assertThatThrownBy(() -> CheckpointStore.read(cp))
                .isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("parameters.bin has SHA-256");
    }

    @Test
    void verifyDetectsTruncatedMissingAndUnlistedFiles() throws IOException {
        Path cp = writeSmallCheckpoint();
        long optimizerSize = Files.size(cp.resolve(CheckpointStore.OPTIMIZER_BIN));
        Files.write(cp.resolve(CheckpointStore.OPTIMIZER_BIN), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        Files.delete(cp.resolve(CheckpointStore.METADATA_JSON));
        Files.writeString(cp.resolve("stray.tmp"), "x");

        assertThat(CheckpointStore.verify(cp)).containsExactlyInAnyOrder(
                "metadata.json is missing",
                "optimizer.bin has 0 bytes but the manifest says " + optimizerSize,
                "stray.tmp is not in the manifest");
    }

    @Test
    void aHalfWrittenCheckpointIsIgnoredWhenPickingTheLatest() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        Path complete = writeSmallCheckpoint();
        // A crash between the files and the manifest: the directory exists (as if renamed) but has no manifest.
        Path half = dir.resolve(CheckpointStore.directoryName(99));
        Files.createDirectories(half);
        Files.copy(complete.resolve(CheckpointStore.PARAMETERS_BIN), half.resolve(CheckpointStore.PARAMETERS_BIN));

        assertThat(CheckpointStore.verify(half)).singleElement().asString().contains("manifest.json is missing");
        assertThat(store.list()).containsExactly(complete, half);
        assertThat(store.latestVerified()).contains(complete);
    }

    @Test
    void refusesToRestoreIntoAModelWithOtherSettingsNamingFilesAndCounts() throws IOException {
        Path cp = writeSmallCheckpoint();
        LoadedCheckpoint loaded = CheckpointStore.read(cp);
        ModelSpec other = Synthetic.ratingSpec(Method.LEVI_LAST_LAYER).build();
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(other, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            int expected = model.trainableParameters().size();

            assertThatThrownBy(() -> CheckpointStore.restore(trainer, loaded))
                    .isInstanceOf(IncompatibleCheckpointException.class)
                    .hasMessageContaining("model.method (levi -> levi-last-layer)")
                    .hasMessageContaining("parameters.bin has " + loaded.parameters().size()
                            + " tensors, the model has " + expected + " trainable parameters")
                    .hasMessageContaining("optimizer.bin has state for " + loaded.optimizer().slots().size()
                            + " parameters (" + loaded.optimizer().tensorCount() + " tensors), the model has "
                            + expected + " trainable parameters");
            assertThat(trainer.step()).isZero();
        }
    }

    @Test
    void refusesAnotherBackbone() throws IOException {
        Path cp = writeSmallCheckpoint();
        ModelSpec spec = Synthetic.ratingSpec(Method.LEVI).build();
        try (BlockBackbone otherBackbone = BlockBackbone.create(
                     org.levistream.model.backbone.BackboneArchitecture.mlp(Synthetic.FEATURES, 16, 16, 8), 8,
                     Device.cpu());
             LeviModel model = LeviModel.create(spec, otherBackbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            assertThatThrownBy(() -> CheckpointStore.restore(trainer, CheckpointStore.read(cp)))
                    .isInstanceOf(IncompatibleCheckpointException.class)
                    .hasMessageContaining("names backbone ")
                    .hasMessageContaining("but the model's backbone is " + otherBackbone.contentHash());
        }
    }

    @Test
    void rejectsMalformedMetadataJsonAndAnExistingStep() throws IOException {
        Path cp = writeSmallCheckpoint();
        LoadedCheckpoint loaded = CheckpointStore.read(cp);
        CheckpointStore store = new CheckpointStore(dir);

        assertThatThrownBy(() -> store.write(loaded.info(), loaded.trainingState(), "{not json"))
                .isInstanceOf(IOException.class).hasMessageContaining("metadata JSON is malformed");
        assertThatThrownBy(() -> store.write(loaded.info(), loaded.trainingState(), "{}"))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(store.removeIncomplete()).isZero();
    }

    private Path writeSmallCheckpoint() throws IOException {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            train(trainer, 0, 1);
            return new CheckpointStore(dir).save(trainer, OFFSETS, JSON);
        }
    }

    private static void train(LeviTrainer trainer, long first, int steps) {
        for (long s = first; s < first + steps; s++) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                trainer.trainStep(Synthetic.ratingBatch(m, 3, s, 16));
            }
        }
    }

    static void assertBitIdentical(TrainingState actual, TrainingState expected) {
        assertThat(actual.step()).isEqualTo(expected.step());
        assertThat(actual.parameters()).hasSameSizeAs(expected.parameters());
        for (int i = 0; i < expected.parameters().size(); i++) {
            NamedTensor e = expected.parameters().get(i);
            assertThat(actual.parameters().get(i).bitEquals(e)).as("parameter %s", e.name()).isTrue();
        }
        List<OptimizerState.Slot> a = actual.optimizer().slots();
        List<OptimizerState.Slot> b = expected.optimizer().slots();
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < b.size(); i++) {
            assertThat(a.get(i).steps()).as("steps of %s", b.get(i).name()).isEqualTo(b.get(i).steps());
            for (int k = 0; k < b.get(i).moments().size(); k++) {
                assertThat(a.get(i).moments().get(k).bitEquals(b.get(i).moments().get(k)))
                        .as("moment %s of %s", k, b.get(i).name()).isTrue();
            }
        }
    }
}
