package org.levistream.model.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.internal.DurableFiles;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.SmallModelSpec;

/**
 * Regenerates the golden checkpoint under {@code src/test/resources/checkpoints/v1} on purpose, never from a test:
 * {@code java -cp <test classpath> org.levistream.model.checkpoint.GoldenCheckpoints model/src/test/resources/checkpoints/v1}.
 * It prints the predictions for {@link #fixedInput} that {@code GoldenCheckpointTest} pins; paste them there.
 * Regenerate only when the checkpoint format version changes, and keep the old sample.
 */
public final class GoldenCheckpoints {
    static final long STEPS = 3;
    static final Map<String, String> METADATA = Map.of("offset.levi.interactions-0", "1234", "experiment", "golden");
    static final String METADATA_JSON = "{\"nextOffsets\":{\"levi.interactions-0\":1234}}";

    private GoldenCheckpoints() {}

    static ModelSpec spec() {
        return ModelSpec.builder().method(Method.LEVI).projectionWidth(4).headHidden(8).dropout(0.1f)
                .small(SmallModelSpec.hashedIds(2, 8, 2, 4)).optimizer(OptimizerSpec.adam(1e-2f)).seed(5).build();
    }

    static BlockBackbone backbone() {
        return BlockBackbone.create(BackboneArchitecture.mlp(4, 6, 6, 4), 3, Device.cpu());
    }

    /** Two examples: features {@code [2, 4]} and id buckets {@code [2, 2]}. */
    static Batch fixedInput(NDManager m) {
        return Batch.of(new NDList(m.create(new float[] {0.5f, -1f, 2f, 0f, 1f, 1f, -0.5f, 0.25f}, new Shape(2, 4))),
                new NDList(m.create(new long[] {1, 2, 3, 7}, new Shape(2, 2))), null);
    }

    /**
     * Writes the sample.
     *
     * @param args the target folder; it is replaced
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        DurableFiles.deleteTree(root);
        try (BlockBackbone backbone = backbone();
             LeviModel model = LeviModel.create(spec(), backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null);
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            new BackboneStore(root.resolve("backbones")).put(backbone);
            Random r = new Random(1);
            for (int s = 0; s < STEPS; s++) {
                float[] x = new float[8 * 4];
                long[] ids = new long[8 * 2];
                float[] y = new float[8];
                for (int i = 0; i < 8; i++) {
                    for (int f = 0; f < 4; f++) {
                        x[i * 4 + f] = (float) r.nextGaussian();
                    }
                    ids[2 * i] = r.nextInt(8);
                    ids[2 * i + 1] = r.nextInt(8);
                    y[i] = 1 + r.nextInt(5);
                }
                trainer.trainStep(Batch.of(new NDList(m.create(x, new Shape(8, 4))),
                        new NDList(m.create(ids, new Shape(8, 2))), m.create(y)));
            }
            Path written = new CheckpointStore(root).save(trainer, METADATA, METADATA_JSON);
            NDArray predictions = trainer.predict(fixedInput(m), m);
            System.out.println("wrote " + written + " with backbone " + backbone.contentHash());
            System.out.println("expected predictions: " + Arrays.toString(predictions.toFloatArray()));
        }
    }
}
