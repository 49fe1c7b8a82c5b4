package org.levistream.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class GloveVectorsTest {
    @TempDir
    Path dir;

    @Test
    void readsVectorsThatStartAtAnUnalignedOffset() throws IOException {
        Path file = TinyGlove.write(dir.resolve("g.bin"), TinyGlove.words(), 3);
        assertThat((Files.size(file) - 4 * 3 * 4) % 4).as("vector block offset mod 4").isNotZero();

        GloveVectors glove = GloveVectors.read(file);

        assertThat(glove.size()).isEqualTo(4);
        assertThat(glove.dimension()).isEqualTo(3);
        assertThat(glove.vector("sci")).containsExactly(0f, 2f, 0f);
        assertThat(glove.vector("héros")).containsExactly(-1f, -1f, -1f);
        assertThat(glove.vector("missing")).isNull();
    }

    @Test
    void writesTheFetchScriptsLayoutByteForByte() throws IOException {
        var words = new java.util.LinkedHashMap<String, float[]>();
        words.put("é", new float[] {1f, -2f});
        Path file = GloveVectors.write(dir.resolve("one.bin"), words, 2);

        assertThat(java.util.HexFormat.of().formatHex(Files.readAllBytes(file))).isEqualTo(
                "45564c47" + "01000000" + "01000000" + "02000000"   // "EVLG", version 1, 1 word, dimension 2
                        + "0200" + "c3a9"                          // length 2, UTF-8 of é
                        + "0000803f" + "000000c0");                // 1.0f, -2.0f little-endian
    }

    @Test
    void meanSkipsUnknownTokensAndGivesZerosWhenNoneIsKnown() throws IOException {
        GloveVectors glove = TinyGlove.vectors(dir);
        float[] out = new float[5];
        Arrays.fill(out, 9f);

        assertThat(glove.meanInto(List.of("sci", "unknown", "fi"), out, 1)).isEqualTo(2);
        assertThat(out).containsExactly(9f, 0f, 1f, 2f, 9f);

        assertThat(glove.meanInto(List.of("2001"), out, 1)).isZero();
        assertThat(out).containsExactly(9f, 0f, 0f, 0f, 9f);
    }

    @Test
    void rejectsAFileWithoutTheMagic() throws IOException {
        Path file = Files.write(dir.resolve("bad.bin"), new byte[32]);

        assertThatThrownBy(() -> GloveVectors.read(file)).isInstanceOf(IOException.class).hasMessageContaining("magic");
    }

    @Test
    void rejectsAFileWhoseVectorBlockIsShort() throws IOException {
        Path file = TinyGlove.write(dir.resolve("g.bin"), TinyGlove.words(), 3);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(bytes, bytes.length - 4));

        assertThatThrownBy(() -> GloveVectors.read(cut)).isInstanceOf(IOException.class)
                .hasMessageContaining("4 words x 3 floats need 48");
    }
}
