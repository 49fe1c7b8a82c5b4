package org.levistream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts brokers of its own, one after the other, so it runs in a JVM of its own (the {@code own-broker}
 * failsafe execution) and never beside the shared one.
 */
@Tag("integration")
@Tag("own-broker")
@Timeout(180)
class EmbeddedKafkaRestartIT {

    @Test
    void keepsRecordsAndClusterIdWhenRestartedOnTheSameLogDir(@TempDir Path dir) throws Exception {
        var settings = BrokerSettings.forTests().withLogDir(dir);
        String clusterId;
        try (var kafka = EmbeddedKafka.start(settings)) {
            assertThat(kafka.formattedOnStart()).isTrue();
            kafka.createTopic("kept", 1, Map.of());
            try (var producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "a")).get();
                producer.send(new ProducerRecord<>("kept", "b")).get();
            }
            clusterId = clusterId(dir);
        }
        assertThat(dir).isDirectory();

        try (var kafka = EmbeddedKafka.start(settings)) {
            assertThat(kafka.formattedOnStart()).isFalse();
            assertThat(clusterId(dir)).isEqualTo(clusterId);
            assertThat(Records.readUntil(kafka, "kept", "read_committed", 2, "b")).containsExactly("a", "b");
        }
    }

    @Test
    void reportsItsStartupTimeAndDeletesItsTemporaryLogOnClose() {
        long before = System.nanoTime();
        var kafka = EmbeddedKafka.start(BrokerSettings.forTests());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - before);
        Path logDir = kafka.logDir();
        try {
            assertThat(kafka.startupTime()).isPositive().isLessThanOrEqualTo(elapsed);
            assertThat(logDir.resolve("meta.properties")).isRegularFile();
        } finally {
            kafka.close();
        }
        kafka.close();   // idempotent
        assertThat(logDir).doesNotExist();
    }

    private static String clusterId(Path dir) throws IOException {
        var props = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("meta.properties"))) {
            props.load(in);
        }
        return props.getProperty("cluster.id");
    }
}
