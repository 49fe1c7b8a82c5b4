package org.levistream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LeviTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    @Test
    void helpListsTheCommandsAndTeachesBySample() {
        assertThat(levi("--help")).isZero();
        assertThat(out.toString())
                .contains("Usage: levi", "out of distribution", "Commands:", "stack", "Examples:",
                        "levi stack --data-dir", "Exit codes: 0 done, 1 failed while running, 2 bad");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void stackHelpNamesItsOptionsDefaultsAndEnvironment() {
        assertThat(levi("stack", "--help")).isZero();
        assertThat(out.toString())
                .contains("--broker-port=PORT", "--registry-port=PORT", "--data-dir=DIR",
                        "env LEVI_BROKER_PORT", "env LEVI_REGISTRY_PORT", "0 picks a free one");
    }

    @Test
    void helpCommandShowsASubcommandsHelp() {
        assertThat(levi("help", "stack")).isZero();
        assertThat(out.toString()).contains("Usage: levi stack");
    }

    @Test
    void versionNamesThisBuildAndThePinnedLibraries() throws IOException {
        assertThat(levi("--version")).isZero();
        assertThat(out.toString())
                .containsPattern("^levi \\d+\\.\\d+\\.\\d+")
                .contains("Kafka " + kafkaVersionOnClassPath(), "Avro ", "DJL ", "PyTorch ", "Java ")
                .doesNotContain("${");
    }

    @Test
    void unknownOptionExitsTwoWithOneLine() {
        assertThat(levi("stack", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("levi stack: Unknown option: '--no-such-option'")
                .endsWith("(see 'levi stack --help')");
        assertThat(out.toString()).isEmpty();
    }

    /** Caught before a broker starts or a record is written. */
    @Test
    void benchmarksRefuseFewerThanOneRoundNamingTheOption() {
        assertThat(levi("bench", "trainer", "throughput", "--rounds", "0")).isEqualTo(2);
        assertThat(levi("bench", "ingest", "--rounds", "0")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "levi bench trainer: --rounds was 0 but must be at least 1 (see 'levi bench trainer --help')",
                "levi bench ingest: --rounds was 0 and --warm-up-rounds 2 but they must be at least 1 and 0 (see "
                        + "'levi bench ingest --help')");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void portThatIsNotANumberExitsTwo() {
        assertThat(levi("stack", "--broker-port", "nine")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().contains("--broker-port", "'nine'");
    }

    @Test
    void portOutOfRangeExitsTwoNamingTheOption() {
        assertThat(levi("stack", "--broker-port", "70000")).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("levi stack: --broker-port was 70000 but must be 0 (a free port) or in 1..65535");
    }

    @Test
    void portInUseExitsTwoBeforeStartingAnything() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThat(levi("stack", "--broker-port", "0", "--registry-port", Integer.toString(port))).isEqualTo(2);
            assertThat(err.toString().lines()).singleElement().asString()
                    .startsWith("levi stack: --registry-port was " + port + " but must be a free port");
        }
    }

    @Test
    void noCommandShowsUsageAndExitsTwo() {
        assertThat(levi()).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: levi", "Commands:")
                .endsWith("levi: Missing a command (see 'levi --help')" + System.lineSeparator());
    }

    // The version the Kafka clients jar on the class path reports about itself.
    private static String kafkaVersionOnClassPath() throws IOException {
        var props = new Properties();
        try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            props.load(in);
        }
        return props.getProperty("version");
    }
}
