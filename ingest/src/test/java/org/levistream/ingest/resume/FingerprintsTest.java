package org.levistream.ingest.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintsTest {
    @TempDir
    Path dir;

    @Test
    void aCopyHasTheSameFingerprintAndAnEditAnother() throws IOException {
        Path file = Files.writeString(dir.resolve("a.csv"), "userId,movieId\n1,2\n");
        Path copy = Files.copy(file, dir.resolve("b.csv"), StandardCopyOption.COPY_ATTRIBUTES);
        String before = Fingerprints.ofInputs(List.of(file));

        assertThat(Fingerprints.ofInputs(List.of(copy))).isEqualTo(before);
        Files.writeString(file, "userId,movieId\n1,3\n");
        assertThat(Fingerprints.ofInputs(List.of(file))).isNotEqualTo(before).matches("sha256:[0-9a-f]{16}");
    }

    @Test
    void aFolderChangesWithItsFilesNamesAndSizes() throws IOException {
        Files.createDirectories(dir.resolve("tree/0"));
        Files.write(dir.resolve("tree/0/a.png"), new byte[10]);
        String before = Fingerprints.ofInputs(List.of(dir.resolve("tree")));

        Files.write(dir.resolve("tree/0/b.png"), new byte[10]);

        assertThat(Fingerprints.ofInputs(List.of(dir.resolve("tree")))).isNotEqualTo(before);
    }
}
