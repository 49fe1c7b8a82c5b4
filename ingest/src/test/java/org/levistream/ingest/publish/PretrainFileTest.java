package org.levistream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;

class PretrainFileTest {
    @TempDir
    Path dir;

    @Test
    void resumingTruncatesToTheCommittedLengthAndAppendsFromThere() throws IOException {
        Path path = dir.resolve("sub/pretrain.avro");
        long committed;
        try (var first = new PretrainFile(path, Interaction.getClassSchema(), "job-1", 0)) {
            first.checkResumable();
            append(first, 0, 3);
            committed = first.sync();
            append(first, 3, 5);   // written, even synced, but never committed: a killed run's tail
            first.sync();
        }
        assertThat(Files.size(path)).isGreaterThan(committed);

        try (var resumed = new PretrainFile(path, Interaction.getClassSchema(), "job-1", committed)) {
            resumed.checkResumable();
            append(resumed, 10, 12);
            resumed.sync();
        }

        assertThat(TopicContents.pretrain(path)).extracting(InteractionEvent::userId)
                .containsExactly("u0", "u1", "u2", "u10", "u11");
    }

    @Test
    void aFreshJobOverwritesItsOwnUncommittedFileButRefusesAnotherJobsFile() throws IOException {
        Path path = dir.resolve("pretrain.avro");
        try (var other = new PretrainFile(path, Interaction.getClassSchema(), "job-other", 0)) {
            append(other, 0, 2);
            other.sync();
        }

        var mine = new PretrainFile(path, Interaction.getClassSchema(), "job-1", 0);
        mine.checkResumable();   // a job that writes nothing there never touches it
        assertThatThrownBy(() -> append(mine, 0, 1))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("was written by ingest job job-other, not job-1");
        try (var again = new PretrainFile(path, Interaction.getClassSchema(), "job-other", 0)) {
            again.checkResumable();
            append(again, 5, 6);
            again.sync();
        }
        assertThat(TopicContents.pretrain(path)).extracting(InteractionEvent::userId).containsExactly("u5");
    }

    @Test
    void refusesToResumeWhenTheFileIsShorterThanCommitted() {
        var file = new PretrainFile(dir.resolve("gone.avro"), Interaction.getClassSchema(), "job-1", 100);

        assertThatThrownBy(file::checkResumable).isInstanceOf(IngestFailedException.class)
                .hasMessageContaining("has 0 bytes but job job-1 committed 100");
    }

    private static void append(PretrainFile file, int from, int to) {
        List<InteractionEvent> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(InteractionEvent.builder("u" + i, "m", 4f, Instant.ofEpochSecond(i)).build());
        }
        events.forEach(e -> file.append(AvroMapping.toAvro(e)));
    }
}
