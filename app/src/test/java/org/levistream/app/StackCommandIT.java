package org.levistream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Tag("integration")
@Timeout(120)
class StackCommandIT {

    @Test
    void printsClientAddressesServesThemAndStopsCleanly() throws Exception {
        var out = new StringWriter();
        var err = new StringWriter();
        CommandLine cmd = Levi.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        ShutdownSignal stop = ShutdownSignal.manual();
        StackCommand stack = cmd.getSubcommands().get("stack").getCommand();
        stack.stopSignal = () -> stop;

        var exit = CompletableFuture.supplyAsync(
                () -> cmd.execute("stack", "--broker-port", "0", "--registry-port", "0"));
        String bootstrap = awaitLine(out, "bootstrap.servers=");
        String registry = awaitLine(out, "schema.registry.url=");

        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(registry).startsWith("http://127.0.0.1:");

        stop.request();
        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).contains("Press Ctrl+C to stop.", "Stopping...", "Stopped cleanly.");
    }

    // Polls the command's output for a `key=value` line and returns the value.
    private static String awaitLine(StringWriter out, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var line = out.toString().lines().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent()) {
                return line.get().substring(prefix.length());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return fail("No line starting with " + prefix + " within 60 s; output was: " + out);
    }
}
