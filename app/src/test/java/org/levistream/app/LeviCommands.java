package org.levistream.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a levi command line in this JVM, as the launcher would, with what it prints kept for the test to read. */
public final class LeviCommands {
    private LeviCommands() {
    }

    /**
     * Runs {@code levi args...}.
     *
     * @return the exit code
     */
    public static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cmd = Levi.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }
}
