package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The interop test's process runner: output captured, stderr shown on failure, overruns killed. */
@Timeout(30)
class PythonProcessTest {
    @BeforeEach
    void needsPython() {
        assumeTrue(Files.isExecutable(PythonProcess.DEBIAN_PYTHON), PythonProcess.DEBIAN_PYTHON + " is missing");
    }

    @Test
    void returnsStdoutLines() {
        var result = PythonProcess.run(Duration.ofSeconds(20), "-c", "print('a'); print('b')").assertSucceeded();

        assertThat(result.stdout()).containsExactly("a", "b");
    }

    @Test
    void failureShowsStderrAndStdout() {
        var result = PythonProcess.run(Duration.ofSeconds(20), "-c",
                "import sys; print('partial'); sys.stderr.write('boom: broker down'); sys.exit(3)");

        assertThatThrownBy(result::assertSucceeded)
                .hasMessageContaining("exited with 3")
                .hasMessageContaining("boom: broker down")
                .hasMessageContaining("partial");
    }

    @Test
    void killsAProcessThatRunsPastItsTime() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> PythonProcess.run(Duration.ofMillis(500), "-c",
                "import sys, time; sys.stderr.write('still waiting'); sys.stderr.flush(); time.sleep(60)"))
                .hasMessageContaining("ran past PT0.5S and was killed")
                .hasMessageContaining("still waiting");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command()
                .map(c -> c.equals(PythonProcess.DEBIAN_PYTHON.toString())).orElse(false))).isEmpty();
    }
}
