package org.levistream.trainer.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.model.levi.Batch;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.trainer.testing.Images;

class ImageFeaturesTest {
    private final ImageFeatures features = new ImageFeatures(10);

    @Test
    void buildsOneNormalizedImageArrayForBothInputsAndClassLabels() {
        List<ImageEvent> images = Images.generate(5, 2);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Batch batch = features.training(images, manager);

            assertThat(batch.size()).isEqualTo(5);
            assertThat(batch.backboneInput().head().getShape()).isEqualTo(new Shape(5, 1, 28, 28));
            assertThat(batch.taskInput().head()).as("the backbone and the small CNN see the same pixels")
                    .isSameAs(batch.backboneInput().head());
            assertThat(batch.labels().getDataType()).isEqualTo(DataType.INT64);
            assertThat(batch.labels().toLongArray())
                    .containsExactly(images.stream().mapToLong(ImageEvent::label).toArray());
            assertThat(batch.keys()).as("training taps are never cached").isEmpty();
            float[] expected = new float[ImageFeaturizer.PIXELS];
            ImageFeaturizer.mnist().normalizeInto(images.get(3).toByteArray(), expected, 0);
            float[] all = batch.backboneInput().head().toFloatArray();
            assertThat(java.util.Arrays.copyOfRange(all, 3 * 784, 4 * 784)).containsExactly(expected);
        }
    }

    @Test
    void isStatelessAndTakesGrey28x28Images() {
        assertThat(features.stateful()).isFalse();
        assertThat(features.backboneInputShape()).isEqualTo(new Shape(1, 28, 28));
        assertThat(features.label(Images.generate(1, 4).get(0))).isBetween(0.0, 9.0);
        assertThat(features.recordType()).isEqualTo(ImageEvent.class);
        assertThatThrownBy(() -> features.forRecords(String.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("takes ImageEvent records, not String");
    }
}
