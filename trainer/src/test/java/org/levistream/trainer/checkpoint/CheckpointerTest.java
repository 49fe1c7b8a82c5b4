package org.levistream.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.SmallModelSpec;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.trainer.batching.HashedFeatures;

class CheckpointerTest {
    @TempDir
    Path dir;

    private LeviModel model;
    private LeviTrainer trainer;

    @BeforeEach
    void tinyTrainer() {
        ModelSpec spec = ModelSpec.builder().method(Method.SMALL_ONLY).headHidden(8)
                .small(SmallModelSpec.hashedIds(2, 64, 4, 8)).optimizer(OptimizerSpec.adam(0.01f)).build();
        model = LeviModel.create(spec, null, Device.cpu());
        trainer = new LeviTrainer(model, null);
    }

    @AfterEach
    void close() {
        trainer.close();
        model.close();
    }

    @Test
    void readsMetadataWrittenBeforePassesAsTheOnePassOfARunFromItsOrigin() throws IOException {
        String json = """
                {"format":1,"experiment":"e","step":7,"parentStep":5,"trainingSettingsHash":"h",
                 "nextOffsets":[{"topic":"t","partition":0,"offset":12}],
                 "cursor":{"topic":"t","partition":0,"offset":0},
                 "origin":[{"topic":"t","partition":0,"offset":3}],"end":[],"lineage":[],"recordsTrained":9,
                 "poisonRecords":0,"schemaIds":[1],"validation":{},"arrivalOrdered":false,"startedFrom":"earliest",
                 "createdAtMillis":1,"settings":{}}
                """;
        TrainerCheckpoint old = Checkpointer.parse(json);
        assertThat(old.epoch()).isEqualTo(1);
        assertThat(old.epochs()).isEqualTo(1);
        assertThat(old.morePasses()).isFalse();
        assertThat(old.epochStart()).containsExactly(new PartitionPosition("t", 0, 3));
        assertThat(old.epochStartCursor()).isNull();
    }

    @Test
    void keepsThePassAndWhereEveryPassBegins() throws IOException {
        Checkpointer checkpointer = new Checkpointer(dir, new Retention(10, 0));
        step();
        TrainerCheckpoint m = metadata(trainer.step(), Double.NaN);
        TrainerCheckpoint inPass2 = new TrainerCheckpoint(m.format(), m.experiment(), m.step(), m.parentStep(),
                m.trainingSettingsHash(), m.nextOffsets(), m.cursor(), m.origin(), m.end(), m.lineage(),
                m.recordsTrained(), m.poisonRecords(), m.schemaIds(), m.validation(), m.arrivalOrdered(),
                m.startedFrom(), m.createdAtMillis(), m.settings(), 2, 3, List.of(new PartitionPosition("t", 0, 5)),
                new PartitionPosition("t", 1, 0));
        checkpointer.save(trainer, inPass2);
        TrainerCheckpoint read = checkpointer.loadLatest().orElseThrow().metadata();
        assertThat(read).isEqualTo(inPass2);
        assertThat(read.morePasses()).isTrue();
    }

    @Test
    void fallsBackPastACorruptAndAHalfWrittenNewestCheckpoint() throws IOException {
        Checkpointer checkpointer = new Checkpointer(dir, new Retention(10, 0));
        for (int i = 0; i < 3; i++) {
            step();
            checkpointer.save(trainer, metadata(trainer.step(), Double.NaN));
        }
        Path newest = dir.resolve(CheckpointStore.directoryName(3));
        Files.write(newest.resolve(CheckpointStore.OPTIMIZER_BIN), new byte[] {1, 2, 3});
        Path half = Files.createDirectories(dir.resolve(CheckpointStore.directoryName(4)));
        Files.writeString(half.resolve(CheckpointStore.CHECKPOINT_JSON), "{");

        Checkpointer.Loaded loaded = checkpointer.loadLatest().orElseThrow();

        assertThat(loaded.metadata().step()).isEqualTo(2);
        assertThat(loaded.checkpoint().info().step()).isEqualTo(2);
        assertThat(new CheckpointStore(dir).list()).extracting(p -> p.getFileName().toString())
                .containsExactly("step-000000000001", "step-000000000002");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(".corrupt-step-000000000003"))
                    .anyMatch(n -> n.startsWith(".corrupt-step-000000000004"));
        }
    }

    @Test
    void prunesAllButTheNewestAndTheBest() throws IOException {
        Checkpointer checkpointer = new Checkpointer(dir, new Retention(2, 1));
        double[] rmse = {0.9, 0.5, 0.8, 0.7, 0.6};
        for (double r : rmse) {
            step();
            checkpointer.save(trainer, metadata(trainer.step(), r));
            checkpointer.prune();
        }
        assertThat(new CheckpointStore(dir).list()).extracting(p -> p.getFileName().toString())
                .containsExactly("step-000000000002", "step-000000000004", "step-000000000005");
    }

    @Test
    void roundTripsTheStreamMetadata() throws IOException {
        Checkpointer checkpointer = new Checkpointer(dir, new Retention(2, 1));
        step();
        TrainerCheckpoint written = metadata(trainer.step(), 0.75);
        checkpointer.save(trainer, written);
        assertThat(checkpointer.load(1).metadata()).isEqualTo(written);
        assertThat(checkpointer.load(-1).checkpoint().info().metadata())
                .containsEntry("next.offsets", "t:0=12,t:1=9").containsEntry("validation.rmse", "0.75");
    }

    @Test
    void writesASnapshotAsItsStepWasEvenAfterLaterSteps() throws IOException {
        step();
        Checkpointer.Snapshot snapshot = Checkpointer.snapshot(trainer, metadata(trainer.step(), 0.5));
        Checkpointer direct = new Checkpointer(dir.resolve("direct"), new Retention(2, 0));
        direct.save(trainer, metadata(trainer.step(), 0.5));
        step();
        step();

        Checkpointer later = new Checkpointer(dir.resolve("later"), new Retention(2, 0));
        later.save(snapshot);

        assertThat(later.load(1).checkpoint().info()).isEqualTo(direct.load(1).checkpoint().info());
        for (String file : List.of(CheckpointStore.PARAMETERS_BIN, CheckpointStore.OPTIMIZER_BIN,
                CheckpointStore.METADATA_JSON)) {
            assertThat(dir.resolve("later").resolve(CheckpointStore.directoryName(1)).resolve(file))
                    .as(file).hasSameBinaryContentAs(dir.resolve("direct").resolve(CheckpointStore.directoryName(1))
                            .resolve(file));
        }
    }

    private void step() {
        List<InteractionEvent> events = List.of(
                InteractionEvent.builder("u1", "i1", 4f, Instant.EPOCH).build(),
                InteractionEvent.builder("u2", "i2", 2f, Instant.EPOCH).build());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            trainer.trainStep(new HashedFeatures(64).training(events, m));
        }
    }

    private static TrainerCheckpoint metadata(long step, double rmse) {
        List<PartitionPosition> next = List.of(new PartitionPosition("t", 0, 12), new PartitionPosition("t", 1, 9));
        return new TrainerCheckpoint(TrainerCheckpoint.FORMAT, "e", step, step - 1, "h", next,
                new PartitionPosition("t", 1, 0), List.of(), List.of(),
                List.of(new LineageRange("t", 0, 10, 12, 2, 0)), 2 * step, 0, List.of(1),
                Double.isNaN(rmse) ? Map.of() : Map.of("rmse", rmse), false, "earliest", 1L, Map.of("k", "v"), 1, 1,
                List.of(), null);
    }
}
