package org.levistream.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.ModelSpec;

/**
 * Pins checkpoint format version 1 against a committed sample ({@code checkpoints/v1}, written by
 * {@link GoldenCheckpoints#main}): a later build must still verify, read and restore it, and predict the same.
 */
@Timeout(60)
class GoldenCheckpointTest {
    /** Printed by {@link GoldenCheckpoints#main} when the sample was written (CPU, libtorch 2.7.1). */
    private static final float[] EXPECTED_PREDICTIONS = {1.0456843f, 1.4934459f};

    @Test
    void readsCheckpointWrittenByFormatVersion1() throws Exception {
        Path sample = resource("step-000000000003");
        assertThat(CheckpointStore.verify(sample)).isEmpty();

        LoadedCheckpoint cp = CheckpointStore.read(sample);

        assertThat(cp.info().format()).isEqualTo(1);
        assertThat(cp.info().step()).isEqualTo(GoldenCheckpoints.STEPS);
        assertThat(cp.info().metadata()).isEqualTo(GoldenCheckpoints.METADATA);
        assertThat(cp.metadataJson()).isEqualTo(GoldenCheckpoints.METADATA_JSON);
        assertThat(ModelSpec.fromSettings(cp.info().settings())).isEqualTo(GoldenCheckpoints.spec());
        assertThat(cp.info().settingsHash()).isEqualTo(GoldenCheckpoints.spec().settingsHash());
    }

    @Test
    void restoresTheSampleAndPredictsWhatItPredictedWhenWritten() throws Exception {
        LoadedCheckpoint cp = CheckpointStore.read(resource("step-000000000003"));
        BackboneStore backbones = new BackboneStore(resource("backbones"));
        try (Backbone backbone = backbones.open(cp.info().backboneHash(), Device.cpu());
             LeviModel model = LeviModel.create(ModelSpec.fromSettings(cp.info().settings()), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CheckpointStore.restore(trainer, cp);

            float[] predictions = trainer.predict(GoldenCheckpoints.fixedInput(m), m).toFloatArray();

            assertThat(trainer.step()).isEqualTo(GoldenCheckpoints.STEPS);
            assertThat(predictions).usingComparatorWithPrecision(1e-5f).containsExactly(EXPECTED_PREDICTIONS);
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(GoldenCheckpointTest.class.getResource("/checkpoints/v1/" + name).toURI());
    }
}
