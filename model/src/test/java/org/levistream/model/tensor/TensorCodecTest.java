package org.levistream.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TensorCodecTest {
    private static final float ODD_NAN = Float.intBitsToFloat(0x7fc01234);

    @Test
    void roundTripKeepsEveryBitIncludingNanPayloadsAndNegativeZero() throws IOException {
        List<NamedTensor> tensors = List.of(
                NamedTensor.of("a", new Shape(2, 3), new float[] {1.5f, -0f, 0f, ODD_NAN, Float.MIN_VALUE, -1e30f}),
                NamedTensor.of("scalar", new Shape(), new float[] {42f}),
                NamedTensor.of("empty", new Shape(0, 4), new float[0]));

        List<NamedTensor> read = TensorCodec.read(new DataInputStream(new ByteArrayInputStream(write(tensors))), "test");

        assertThat(read).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(read.get(i).bitEquals(tensors.get(i))).as(tensors.get(i).name()).isTrue();
        }
        assertThat(read.get(0).bitEquals(NamedTensor.of("a", new Shape(2, 3),
                new float[] {1.5f, 0f, 0f, ODD_NAN, Float.MIN_VALUE, -1e30f}))).as("-0 differs from 0").isFalse();
    }

    @Test
    void copiesToAndFromNdArraysExactly() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = m.randomNormal(new Shape(3, 4));
            NamedTensor t = NamedTensor.copyOf("w", a);
            NDArray b = m.zeros(new Shape(3, 4));

            t.copyInto(b);

            assertThat(NamedTensor.copyOf("w", b).bitEquals(t)).isTrue();
            assertThat(t.toNDArray(m).toFloatArray()).containsExactly(a.toFloatArray());
            assertThatThrownBy(() -> t.copyInto(m.zeros(new Shape(4, 3))))
                    .hasMessageContaining("tensor w has shape (3, 4) but the target has shape (4, 3)");
        }
    }

    @Test
    void rejectsUnknownDtypesAndValueCountMismatches() throws IOException {
        byte[] bytes = write(List.of(NamedTensor.of("x", new Shape(1), new float[] {1f})));
        bytes[4 + 2 + 1] = 9; // count, UTF length, "x", then the dtype byte

        assertThatThrownBy(() -> TensorCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), "f.bin"))
                .isInstanceOf(IOException.class).hasMessageContaining("f.bin: tensor x has dtype code 9");
        assertThatThrownBy(() -> NamedTensor.of("y", new Shape(2, 2), new float[3]))
                .hasMessageContaining("tensor y has shape (2, 2) (4 values) but 3 values were given");
    }

    private static byte[] write(List<NamedTensor> tensors) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TensorCodec.write(new DataOutputStream(out), tensors);
        return out.toByteArray();
    }
}
