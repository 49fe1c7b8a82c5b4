package org.levistream.model.levi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.task.IdRows;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.model.testing.Synthetic;

/** Row-sparse updates driven by the rows a batch builder computed on the host ({@link Batch#idRows()}). */
@Timeout(120)
class IdRowsStepTest {
    private static final int BATCH = 32;
    private static final String USER_TABLE = "small.table0";

    @Test
    void builderRowsTrainBitIdenticallyToRowsReadBackFromTheIds() {
        Map<String, NamedTensor> readBack = trainFourSteps(false);
        Map<String, NamedTensor> fromBuilder = trainFourSteps(true);

        assertThat(fromBuilder).hasSameSizeAs(readBack);
        fromBuilder.forEach((name, t) -> assertThat(t.bitEquals(readBack.get(name))).as(name).isTrue());
    }

    @Test
    void theStepUpdatesExactlyTheRowsTheBuilderGave() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager m = NDManager.newBaseManager()) {
            Batch batch = Synthetic.ratingBatch(m, 1, 0, BATCH);
            long[] ids = batch.taskInput().head().toLongArray();
            long kept = ids[0];
            long[] onlyFirstUser = ids.clone();
            for (int i = 0; i < BATCH; i++) {
                onlyFirstUser[2 * i] = kept;   // the user field's rows shrink to one; the item field's stay whole
            }
            float[] before = model.trainableParameters().get(USER_TABLE).getArray().toFloatArray();

            trainer.trainStep(batch.withIdRows(onlyFirstUser, 2, m));

            float[] after = model.trainableParameters().get(USER_TABLE).getArray().toFloatArray();
            int width = before.length / Synthetic.BUCKETS;
            for (int row = 0; row < Synthetic.BUCKETS; row++) {
                boolean changed = false;
                for (int k = 0; k < width; k++) {
                    changed |= Float.floatToRawIntBits(before[row * width + k])
                            != Float.floatToRawIntBits(after[row * width + k]);
                }
                assertThat(changed).as("row " + row).isEqualTo(row == kept);
            }
        }
    }

    @Test
    void rowsOutsideTheTableAreRefusedBeforeAnyUpdate() {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager m = NDManager.newBaseManager()) {
            Batch batch = Synthetic.ratingBatch(m, 1, 0, BATCH);
            long[] ids = batch.taskInput().head().toLongArray();
            ids[1] = Synthetic.BUCKETS;

            assertThatThrownBy(() -> trainer.trainStep(batch.withIdRows(ids, 2, m)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bucket " + Synthetic.BUCKETS + " outside [0, " + Synthetic.BUCKETS + ")");
            assertThat(trainer.step()).isZero();
        }
    }

    @Test
    void negativeBucketsAndRaggedIdsAreRefusedWhenTheRowsAreMade() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> IdRows.of(new long[] {1, -2}, 2, m))
                    .hasMessage("id field 1 has negative bucket -2");
            assertThatThrownBy(() -> IdRows.of(new long[] {1, 2, 3}, 2, m))
                    .hasMessage("3 ids are not whole examples of 2 fields");
        }
    }

    private static Map<String, NamedTensor> trainFourSteps(boolean builderRows) {
        try (BlockBackbone backbone = Synthetic.mlpBackbone();
             LeviModel model = LeviModel.create(Synthetic.ratingSpec(Method.LEVI).build(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            for (int step = 0; step < 4; step++) {
                try (NDManager m = NDManager.newBaseManager()) {
                    Batch batch = Synthetic.ratingBatch(m, 5, step, BATCH);
                    if (builderRows) {
                        batch = batch.withIdRows(batch.taskInput().head().toLongArray(), 2, m);
                        assertThat(batch.idRows().fields()).isEqualTo(2);
                    }
                    trainer.trainStep(batch);
                }
            }
            Map<String, NamedTensor> out = new LinkedHashMap<>();
            model.trainableParameters().forEach((name, p) -> out.put(name, NamedTensor.copyOf(name, p.getArray())));
            return out;
        }
    }
}
