package org.levistream.model.testing;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.IdHasher;
import org.levistream.model.task.SmallModelSpec;

/**
 * Small generated data sets for model tests. Every batch is a pure function of (seed, step), so two trainers fed
 * the same step numbers see the same data.
 *
 * <p>Ratings: 40 users, 50 items with 12 content features; rating = clip(3 + 1.2 tanh(w.x_item) + b_user). The
 * backbone sees item features, g sees hashed (user, item) ids. Images: 4 classes, a bright 8x8 square in the
 * class's quadrant plus Gaussian noise.
 */
public final class Synthetic {
    public static final int FEATURES = 12;
    /** How many leading features a two-tower backbone treats as item content. */
    public static final int CONTENT_FEATURES = 5;
    public static final int USERS = 40;
    public static final int ITEMS = 50;
    public static final int BUCKETS = 64;
    public static final int CLASSES = 4;

    private static final float[][] ITEM_FEATURES = new float[ITEMS][FEATURES];
    private static final float[] ITEM_SCORE = new float[ITEMS];
    private static final float[] USER_BIAS = new float[USERS];

    static {
        Random r = new Random(2024);
        float[] w = new float[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            w[f] = (float) r.nextGaussian() * 0.5f;
        }
        for (int i = 0; i < ITEMS; i++) {
            float dot = 0;
            for (int f = 0; f < FEATURES; f++) {
                ITEM_FEATURES[i][f] = (float) r.nextGaussian();
                dot += w[f] * ITEM_FEATURES[i][f];
            }
            ITEM_SCORE[i] = (float) Math.tanh(dot);
        }
        for (int u = 0; u < USERS; u++) {
            USER_BIAS[u] = (float) r.nextGaussian() * 0.5f;
        }
    }

    private Synthetic() {}

    /** An MLP backbone over item features with three tapped layers. */
    public static BlockBackbone mlpBackbone() {
        return BlockBackbone.create(BackboneArchitecture.mlp(FEATURES, 16, 16, 8), 7, Device.cpu());
    }

    /**
     * A two-tower backbone over the same rows: the first {@link #CONTENT_FEATURES} features feed the content tower
     * (8 → 8), the rest the context tower (8 → 6), and one joint layer (8) follows; all five layers are tapped.
     */
    public static BlockBackbone twoTowerBackbone() {
        return BlockBackbone.create(twoTowerArchitecture(), 7, Device.cpu());
    }

    /**
     * One of the rating backbones, by name, for tests that must hold for both.
     *
     * @param kind {@code mlp} or {@code two-tower}
     */
    public static BlockBackbone ratingBackbone(String kind) {
        return switch (kind) {
            case "mlp" -> mlpBackbone();
            case "two-tower" -> twoTowerBackbone();
            default -> throw new IllegalArgumentException("no rating backbone " + kind);
        };
    }

    /** The architecture of {@link #twoTowerBackbone()}. */
    public static BackboneArchitecture twoTowerArchitecture() {
        return BackboneArchitecture.twoTower(CONTENT_FEATURES, FEATURES - CONTENT_FEATURES, List.of(8, 8),
                List.of(8, 6), List.of(8));
    }

    /** A small CNN backbone over 28x28 images with three tapped layers. */
    public static BlockBackbone cnnBackbone() {
        return BlockBackbone.create(BackboneArchitecture.cnn28(4, 8, 8), 7, Device.cpu());
    }

    /** Small rating settings for a method; Adam at 1e-2. */
    public static ModelSpec.Builder ratingSpec(Method method) {
        return ModelSpec.builder().method(method).projectionWidth(8).headHidden(16)
                .small(SmallModelSpec.hashedIds(2, BUCKETS, 4, 8)).optimizer(OptimizerSpec.adam(1e-2f)).seed(11);
    }

    /** Small image settings for a method; SGD with momentum. */
    public static ModelSpec.Builder imageSpec(Method method) {
        return ModelSpec.builder().method(method).classification(CLASSES).projectionWidth(8).headHidden(16)
                .small(SmallModelSpec.cnn28(8)).optimizer(OptimizerSpec.sgd(0.05f, 0.9f)).seed(13);
    }

    /**
     * A rating batch for a step.
     *
     * @param m    the batch's manager
     * @param seed the data seed
     * @param step the step
     * @param size examples
     */
    public static Batch ratingBatch(NDManager m, long seed, long step, int size) {
        Random r = new Random(seed * 1_000_003L + step);
        float[] features = new float[size * FEATURES];
        long[] ids = new long[size * 2];
        float[] labels = new float[size];
        List<String> keys = new ArrayList<>();
        for (int b = 0; b < size; b++) {
            int u = r.nextInt(USERS);
            int i = r.nextInt(ITEMS);
            System.arraycopy(ITEM_FEATURES[i], 0, features, b * FEATURES, FEATURES);
            ids[2 * b] = IdHasher.bucket("user-" + u, BUCKETS);
            ids[2 * b + 1] = IdHasher.bucket("item-" + i, BUCKETS);
            labels[b] = Math.max(0.5f, Math.min(5f, 3f + 1.2f * ITEM_SCORE[i] + USER_BIAS[u]));
            keys.add("item-" + i);
        }
        return new Batch(new NDList(m.create(features, new Shape(size, FEATURES))),
                new NDList(m.create(ids, new Shape(size, 2))), m.create(labels), keys);
    }

    /**
     * An image batch for a step; the image array feeds both the backbone and g.
     *
     * @param m    the batch's manager
     * @param seed the data seed
     * @param step the step
     * @param size examples
     */
    public static Batch imageBatch(NDManager m, long seed, long step, int size) {
        Random r = new Random(seed * 1_000_003L + step);
        float[] pixels = new float[size * 28 * 28];
        long[] labels = new long[size];
        List<String> keys = new ArrayList<>();
        for (int b = 0; b < size; b++) {
            int c = r.nextInt(CLASSES);
            labels[b] = c;
            int top = (c / 2) * 14 + 3;
            int left = (c % 2) * 14 + 3;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean lit = y >= top && y < top + 8 && x >= left && x < left + 8;
                    pixels[b * 784 + y * 28 + x] = (lit ? 1f : 0f) + (float) r.nextGaussian() * 0.3f;
                }
            }
            keys.add("img-" + step + "-" + b);
        }
        NDArray images = m.create(pixels, new Shape(size, 1, 28, 28));
        return new Batch(new NDList(images), new NDList(images), m.create(labels), keys);
    }
}
