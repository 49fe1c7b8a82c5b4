package org.levistream.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script on Debian's Python (not whatever {@code python3} is first on PATH: that one lacks the Debian
 * packages) and hands back its stdout lines. Output goes to files, so a chatty process can never block on a full
 * pipe; a process that overruns its time is killed with its children, and every failure shows its stderr.
 */
final class PythonProcess {
    /** Debian's interpreter; {@code -Dlevi.test.python=...} points elsewhere (e.g. to check the skip path). */
    static final Path DEBIAN_PYTHON = Path.of(System.getProperty("levi.test.python", "/usr/bin/python3"));

    private PythonProcess() {
    }

    /** The script's exit status and output; {@link #assertSucceeded()} fails with both streams. */
    record Result(int exitStatus, List<String> stdout, String stderr, List<String> command) {
        Result assertSucceeded() {
            if (exitStatus != 0) {
                throw new AssertionError("Python exited with " + exitStatus + ": " + command
                        + "\n--- stderr ---\n" + stderr + "\n--- stdout ---\n" + String.join("\n", stdout));
            }
            return this;
        }
    }

    /** Runs {@code /usr/bin/python3 args...}, killing it after {@code timeout} (or when the test is interrupted). */
    static Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(DEBIAN_PYTHON.toString()));
        command.addAll(List.of(args));
        Process process = null;
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("python-out", ".txt");
            err = Files.createTempFile("python-err", ".txt");
            process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AssertionError("Python ran past " + timeout + " and was killed: " + command
                        + "\n--- stderr ---\n" + Files.readString(err, StandardCharsets.UTF_8)
                        + "\n--- stdout ---\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), command);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().join();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temp file left behind is harmless; the test's outcome is what matters.
            }
        }
    }
}
