package org.levistream.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentLockTest {
    @TempDir
    Path dir;

    @Test
    void refusesASecondHolderNamingTheFirst() throws IOException {
        Path folder = dir.resolve("checkpoints/live");
        try (ExperimentLock first = ExperimentLock.acquire(folder, "live")) {
            assertThatThrownBy(() -> ExperimentLock.acquire(folder, "live"))
                    .isInstanceOf(ExperimentLock.ExperimentLockedException.class)
                    .hasMessageStartingWith("experiment live is already being trained: " + folder.resolve(".trainer.lock")
                            + " is locked by the trainer with pid " + ProcessHandle.current().pid() + " on ")
                    .hasMessageEndingWith("; stop that trainer first, or give this one another --experiment");
        }
    }

    @Test
    void isFreeAgainOnceReleasedAndKeepsItsFile() throws IOException {
        Path folder = dir.resolve("live");
        ExperimentLock.acquire(folder, "live").close();

        try (ExperimentLock again = ExperimentLock.acquire(folder, "live")) {
            assertThat(Files.readString(folder.resolve(".trainer.lock"))).startsWith("the trainer with pid ");
        }
    }
}
