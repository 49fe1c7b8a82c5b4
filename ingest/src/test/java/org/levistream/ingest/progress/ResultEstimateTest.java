package org.levistream.ingest.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultEstimateTest {
    @TempDir
    Path dir;

    @Test
    void countsTheLinesOfASmallFileExactlyPlainOrGzipped() throws IOException {
        String text = "a\nb\nc\nlast line without newline";
        Path plain = Files.writeString(dir.resolve("r.csv"), text);
        Path gz = Files.write(dir.resolve("r.csv.gz"), gzip(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(ResultEstimate.lines(plain)).hasValue(4);
        assertThat(ResultEstimate.lines(gz)).hasValue(4);
    }

    @Test
    void estimatesTheLinesOfALargeFileFromItsStartWithinAFewPercent() throws IOException {
        StringBuilder text = new StringBuilder();
        int lines = 0;
        while (text.length() < ResultEstimate.SAMPLE_BYTES * 2) {
            text.append("user").append(lines).append(",item,4.5,1234567890\n");
            lines++;
        }
        Path file = Files.writeString(dir.resolve("big.csv"), text);

        assertThat(ResultEstimate.lines(file).getAsLong()).isCloseTo(lines, org.assertj.core.data.Percentage
                .withPercentage(3));
    }

    @Test
    void readsTheCountFromAnIdxLabelsHeader() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000801);
            out.writeInt(60_000);
        }
        Path labels = Files.write(dir.resolve("train-labels-idx1-ubyte"), bytes.toByteArray());

        assertThat(ResultEstimate.idxLabels(labels)).hasValue(60_000);
        assertThat(ResultEstimate.idxLabels(dir.resolve("missing"))).isEmpty();
        assertThat(ResultEstimate.lines(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void countsTheFilesOfAnImageTree() throws IOException {
        Files.createDirectories(dir.resolve("tree/0"));
        Files.createDirectories(dir.resolve("tree/1"));
        Files.write(dir.resolve("tree/0/a.png"), new byte[1]);
        Files.write(dir.resolve("tree/1/b.png"), new byte[1]);
        Files.write(dir.resolve("tree/1/c.png"), new byte[1]);

        assertThat(ResultEstimate.files(dir.resolve("tree"))).hasValue(3);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }
}
