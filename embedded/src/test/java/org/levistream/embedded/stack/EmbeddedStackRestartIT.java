package org.levistream.embedded.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.kafka.BrokerSettings;

/**
 * The one-machine stack stopped and started again on the same data directory: the registry's schemas keep
 * their ids and versions, the broker keeps its records, and the next new schema gets a fresh id. Starts stacks
 * of its own, so it runs in the {@code own-broker} failsafe JVM.
 */
@Tag("integration")
@Tag("own-broker")
@Timeout(180)
class EmbeddedStackRestartIT {
    private static final String JSON = "application/vnd.schemaregistry.v1+json";
    private static final String FIRST = schema("First");
    private static final String SECOND = schema("Second");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void keepsSchemasIdsAndRecordsWhenRestartedOnTheSameDirectory(@TempDir Path dataDir) throws Exception {
        var settings = StackSettings.forTests().withBroker(BrokerSettings.forTests().withLogDir(dataDir));
        int firstId;
        try (var stack = EmbeddedStack.start(settings)) {
            firstId = register(stack, "restart-value", FIRST);
            stack.broker().createTopic("restart", 1, Map.of());
            try (var producer = new KafkaProducer<>(props(stack), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("restart", "k", "kept")).get();
            }
        }

        try (var stack = EmbeddedStack.start(settings)) {
            assertThat(get(stack, "/subjects")).isEqualTo("[\"restart-value\"]");
            assertThat(get(stack, "/schemas/ids/" + firstId)).contains("First");
            assertThat(get(stack, "/subjects/restart-value/versions")).isEqualTo("[1]");
            assertThat(register(stack, "restart-value", FIRST)).isEqualTo(firstId);        // same schema, same id
            assertThat(register(stack, "other-value", SECOND)).isGreaterThan(firstId);     // never a reused id
            assertThat(readAll(stack, "restart")).containsExactly("kept");
        }
    }

    private static String schema(String name) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    }

    private int register(EmbeddedStack stack, String subject, String schema) throws Exception {
        String body = "{\"schema\":" + quote(schema) + "}";
        var response = http.send(HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Integer.parseInt(response.body().replaceAll("\\D", ""));
    }

    private String get(EmbeddedStack stack, String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(stack.registryUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Properties props(EmbeddedStack stack) {
        var props = new Properties();
        props.put("bootstrap.servers", stack.bootstrapServers());
        return props;
    }

    private static List<String> readAll(EmbeddedStack stack, String topic) {
        var props = props(stack);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < 1 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
