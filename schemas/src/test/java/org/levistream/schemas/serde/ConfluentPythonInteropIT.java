package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.RegistryClientConfig;

/**
 * Confluent's own Python client (Debian's python3-confluent-kafka) against our registry and serde, both ways:
 * what Confluent writes we read, what we write Confluent reads. This is the check that the system runs unchanged
 * against a real Confluent Schema Registry and Confluent clients.
 *
 * <p>Skipped when the Debian packages are missing, except on CI ({@code CI=true}), where it must run and fails.
 */
@Timeout(180)
@ExtendWith(EmbeddedStackExtension.class)
class ConfluentPythonInteropIT {
    private static final Duration PYTHON_TIMEOUT = Duration.ofSeconds(90);
    private static final String INSTALL = "apt-get install python3-confluent-kafka python3-avro python3-requests";
    private static final long BASE_MILLIS = 1_700_000_000_000L;
    private static final int COUNT = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private String bootstrap;
    private String registryUrl;
    private HttpSchemaRegistryClient registry;

    /** Why Confluent's Python client cannot run here, or {@code null}; probed once per class. */
    private static String missing;

    @BeforeAll
    static void probeConfluentPython() {
        missing = missingPython();
    }

    @BeforeEach
    void connect(EmbeddedStack stack) {
        requireConfluentPython();
        bootstrap = stack.bootstrapServers();
        registryUrl = stack.registryUrl();
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.forUrls(registryUrl));
    }

    @AfterEach
    void disconnect() {
        if (registry != null) {   // null when the test was skipped before connecting
            registry.close();
        }
    }

    @Test
    void pythonRegistryClientReadsAndRegistersOurSchemas(TestInfo info) {
        String ours = TestNames.unique(info, "java") + "-value";
        String theirs = TestNames.unique(info, "python") + "-value";
        int id = registry.register(ours, Interaction.getClassSchema());

        JsonNode answer = last(script("registry", "--schema-id", Integer.toString(id), "--subject", theirs));

        assertThat(answer.get("fetched_name").asText()).isEqualTo(Interaction.getClassSchema().getFullName());
        assertThat(answer.get("fetched_fields")).extracting(JsonNode::asText).containsExactlyElementsOf(
                Interaction.getClassSchema().getFields().stream().map(f -> f.name()).toList());
        assertThat(answer.get("registered_id").asInt()).isEqualTo(id);
        assertThat(answer.get("lookup_id").asInt()).isEqualTo(id);
        assertThat(answer.get("latest_version").asInt()).isEqualTo(1);
        assertThat(answer.get("subjects")).extracting(JsonNode::asText).contains(ours, theirs);
        assertThat(answer.get("compatible").asBoolean()).isTrue();
        assertThat(registry.getLatest(theirs).id()).isEqualTo(id);
    }

    @Test
    void weReadWhatConfluentsSerializerWrote(TestInfo info) {
        String topic = TestNames.unique(info);
        TopicIo.createTopics(bootstrap, topic);

        script("produce", "--topic", topic, "--schema-file", avsc("Interaction.avsc"),
                "--count", Integer.toString(COUNT));

        List<ConsumerRecord<String, Interaction>> records;
        try (var consumer = new KafkaConsumer<>(TopicIo.consumerProps(bootstrap, topic), new StringDeserializer(),
                AvroDeserializer.specific(Interaction.class, registry, false))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            records = TopicIo.poll(consumer, COUNT);
        }
        for (int i = 0; i < COUNT; i++) {
            assertThat(records.get(i).key()).isEqualTo("py-user-" + i);
            assertThat(records.get(i).value()).isEqualTo(pythonsInteraction(i));
        }
    }

    @Test
    void confluentsDeserializerReadsWhatWeWrote(TestInfo info) {
        String topic = TestNames.unique(info);
        TopicIo.createTopics(bootstrap, topic);
        List<Interaction> sent = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            sent.add(i % 2 == 0 ? Fixtures.interaction("java-" + i) : Fixtures.bareInteraction("java-" + i));
        }
        produce(topic, sent);

        List<JsonNode> lines = script("consume", "--topic", topic, "--group", topic,
                "--count", Integer.toString(COUNT));

        assertThat(lines).hasSize(COUNT + 1);
        int id = registry.getLatest(topic + "-value").id();
        for (int i = 0; i < COUNT; i++) {
            JsonNode line = lines.get(i);
            assertThat(line.get("key").asText()).isEqualTo(sent.get(i).getUserId());
            assertThat(line.get("offset").asLong()).isEqualTo(i);
            assertThat(line.get("schema_id").asInt()).isEqualTo(id);
            assertThat(asMap(line.get("value"))).isEqualTo(asMap(sent.get(i)));
        }
        assertThat(lines.get(COUNT).get("summary").asText()).isEqualTo("consumed");
    }

    /** The i-th record of the script's produce mode, as the script builds it. */
    private static Interaction pythonsInteraction(int i) {
        List<String> genres = new ArrayList<>();
        for (int g = 0; g < i % 3; g++) {
            genres.add("g" + g);
        }
        return new Interaction("py-user-" + i, "item-" + i * 7, 0.5f + (i % 10) * 0.5f,
                Instant.ofEpochMilli(BASE_MILLIS + i), i % 2 == 0 ? "Title " + i : null, genres,
                i % 2 == 1 ? 1990 + i : null, null, Map.of("source", "python", "index", Integer.toString(i)));
    }

    /** The fields as JSON would carry them: timestamps in epoch millis, floats as doubles. */
    private static Map<String, Object> asMap(Interaction in) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("userId", in.getUserId());
        fields.put("itemId", in.getItemId());
        fields.put("rating", (double) in.getRating());
        fields.put("eventTime", in.getEventTime().toEpochMilli());
        fields.put("itemTitle", in.getItemTitle());
        fields.put("genres", in.getGenres());
        fields.put("releaseYear", in.getReleaseYear());
        fields.put("reviewText", in.getReviewText());
        fields.put("context", in.getContext());
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(JsonNode value) {
        Map<String, Object> fields = JSON.convertValue(value, Map.class);
        fields.computeIfPresent("eventTime", (k, v) -> ((Number) v).longValue());
        fields.computeIfPresent("rating", (k, v) -> ((Number) v).doubleValue());
        return fields;
    }

    /** Skips each test with the install hint (so reports show it), but fails on CI, where the test must run. */
    private static void requireConfluentPython() {
        if (missing == null) {
            return;
        }
        String message = "Confluent's Python client is not usable (" + missing + "); install it with: " + INSTALL;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true, so this interop test must run. " + message);
        }
        assumeTrue(false, message);
    }

    private void produce(String topic, List<Interaction> records) {
        var props = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(),
                new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false))) {
            records.forEach(r -> producer.send(new ProducerRecord<>(topic, r.getUserId(), r)));
            producer.flush();
        }
    }

    private List<JsonNode> script(String mode, String... more) {
        List<String> args = new ArrayList<>(List.of(resolve("src/test/python/confluent_interop.py").toString(),
                "--bootstrap", bootstrap, "--registry", registryUrl, "--mode", mode));
        args.addAll(List.of(more));
        PythonProcess.Result result = PythonProcess.run(PYTHON_TIMEOUT, args.toArray(String[]::new)).assertSucceeded();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.stdout()) {
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("Not a JSON line: " + line + "\n--- stderr ---\n" + result.stderr(), e);
            }
        }
        return lines;
    }

    private static JsonNode last(List<JsonNode> lines) {
        assertThat(lines).isNotEmpty();
        return lines.get(lines.size() - 1);
    }

    private static String avsc(String name) {
        return resolve("src/main/avro/" + name).toString();
    }

    /** Files of this module: failsafe runs in the module directory, an IDE may not. */
    private static Path resolve(String relative) {
        Path here = Path.of(relative);
        Path module = Path.of(System.getProperty("basedir", ".")).resolve(relative);
        Path found = Files.exists(here) ? here : module;
        if (!Files.exists(found)) {
            throw new UncheckedIOException(new IOException("Cannot find " + relative + " from " + Path.of("").toAbsolutePath()));
        }
        return found.toAbsolutePath();
    }

    /** Why Debian's Python cannot run the script, or {@code null} when it can. */
    private static String missingPython() {
        if (!Files.isExecutable(PythonProcess.DEBIAN_PYTHON)) {
            return PythonProcess.DEBIAN_PYTHON + " is missing";
        }
        PythonProcess.Result probe = PythonProcess.run(Duration.ofSeconds(30), "-c",
                "import confluent_kafka.schema_registry, confluent_kafka.avro, avro, requests");
        return probe.exitStatus() == 0 ? null : probe.stderr().strip().lines().reduce((a, b) -> b).orElse("import failed");
    }
}
