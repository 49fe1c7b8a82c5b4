package org.levistream.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.levistream.embedded.registry.CompatibilityCheckerTest.record;
import static org.levistream.embedded.registry.RegistryHttp.compatibility;
import static org.levistream.embedded.registry.RegistryHttp.schemaBody;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.kafka.BrokerSettings;
import org.levistream.embedded.kafka.EmbeddedKafka;

/**
 * The registry's REST API over real HTTP against a real broker. Every test gets a registry on a topic of its own,
 * so ids start at 1 in each. It starts its own broker, hence the {@code own-broker} tag (a JVM of its own).
 */
@Tag("integration")
@Tag("own-broker")
@Timeout(180)
class InProcessSchemaRegistryIT {
    private static final String V1 = record("a:string");
    private static final String V2_WITH_DEFAULT = record("a:string", "b:int=0");
    private static final String V2_WITHOUT_DEFAULT = record("a:string", "b:int");
    private static final String OTHER = "\"string\"";

    // Debian's interpreter, where python3-confluent-kafka installs; a virtualenv's python3 would lack it.
    private static final String PYTHON = "/usr/bin/python3";

    private static EmbeddedKafka kafka;
    private InProcessSchemaRegistry registry;
    private RegistryHttp http;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(BrokerSettings.forTests());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void startRegistry(TestInfo info) {
        registry = InProcessSchemaRegistry.start(RegistrySettings.of(kafka.bootstrapServers())
                .withTopic(TestNames.unique(info, "schemas")));
        http = new RegistryHttp(registry.url());
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void registersAndServesASchemaByVersionLatestAndId() {
        var registered = http.post("/subjects/orders-value/versions", schemaBody(V1));
        String canonical = AvroSchemaText.parseNew(V1).canonical();

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(registered.text()).isEqualTo("{\"id\":1}");
        assertThat(http.get("/subjects").text()).isEqualTo("[\"orders-value\"]");
        assertThat(http.get("/subjects/orders-value/versions").text()).isEqualTo("[1]");
        String expected = "{\"subject\":\"orders-value\",\"version\":1,\"id\":1,\"schema\":"
                + RegistryHttp.JSON.valueToTree(canonical) + "}";
        assertThat(http.get("/subjects/orders-value/versions/1").text()).isEqualTo(expected);
        assertThat(http.get("/subjects/orders-value/versions/latest").text()).isEqualTo(expected);
        assertThat(http.get("/subjects/orders-value/versions/1/schema").text()).isEqualTo(canonical);
        assertThat(http.get("/schemas/ids/1").json().size()).as("no schemaType for AVRO").isEqualTo(1);
        assertThat(http.get("/schemas/ids/1").json().get("schema").asText()).isEqualTo(canonical);
        assertThat(http.get("/schemas/ids/1/versions").text())
                .isEqualTo("[{\"subject\":\"orders-value\",\"version\":1}]");
        assertThat(http.get("/schemas/types").text()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void registersAnIdenticalSchemaOnceAndLooksItUp() {
        assertThat(http.register("s", V1)).isEqualTo(1);
        assertThat(http.register("s", V1.replace(",", ", "))).isEqualTo(1);

        var found = http.post("/subjects/s", schemaBody(V1));
        var unknownSchema = http.post("/subjects/s", schemaBody(OTHER));
        var unknownSubject = http.post("/subjects/nobody", schemaBody(V1));

        assertThat(http.get("/subjects/s/versions").text()).isEqualTo("[1]");
        assertThat(found.json().get("subject").asText()).isEqualTo("s");
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("id").asInt()).isEqualTo(1);
        assertThat(unknownSchema.status()).isEqualTo(404);
        assertThat(unknownSchema.errorCode()).isEqualTo(40403);
        assertThat(unknownSubject.errorCode()).isEqualTo(40401);
    }

    @Test
    void givesTheSameSchemaTheSameIdUnderTwoSubjects() {
        int first = http.register("a-value", V1);
        int second = http.register("b-value", "  " + V1.replace(":", " : ") + "\n");
        int other = http.register("b-value", V2_WITH_DEFAULT);

        assertThat(second).isEqualTo(first).isEqualTo(1);
        assertThat(other).isEqualTo(2);
        assertThat(http.get("/schemas/ids/1/subjects").text()).isEqualTo("[\"a-value\",\"b-value\"]");
        assertThat(http.get("/subjects/b-value/versions/2").json().get("id").asInt()).isEqualTo(2);
    }

    @Test
    void acceptsABackwardCompatibleChangeAndRefusesAnIncompatibleOneWith409() {
        http.register("s", V1);
        int compatible = http.register("s", V2_WITH_DEFAULT);
        var incompatible = http.post("/subjects/s/versions", schemaBody(record("a:string", "b:int=0", "c:long")));

        assertThat(compatible).isEqualTo(2);
        assertThat(incompatible.status()).isEqualTo(409);
        assertThat(incompatible.errorCode()).isEqualTo(409);
        assertThat(incompatible.json().get("message").asText())
                .startsWith("Schema being registered is incompatible with an earlier schema for subject \"s\", details:"
                        + " [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'")
                .contains("{oldSchemaVersion: 2}")
                .endsWith("{validateFields: 'false', compatibility: 'BACKWARD'}]");
        assertThat(http.get("/subjects/s/versions").text()).isEqualTo("[1,2]");
    }

    @Test
    void setsCompatibilityGloballyAndPerSubject() {
        http.register("s", V1);

        assertThat(http.get("/config").text()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(http.put("/config", compatibility("full")).text()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(http.get("/config").text()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(http.get("/config/s").errorCode()).isEqualTo(40408);
        assertThat(http.get("/config/s?defaultToGlobal=true").text()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");

        assertThat(http.put("/config/s", compatibility("NONE")).status()).isEqualTo(200);
        assertThat(http.get("/config/s").text()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(http.register("s", V2_WITHOUT_DEFAULT)).as("incompatible, but under NONE").isEqualTo(2);

        assertThat(http.delete("/config/s").text()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(http.get("/config/s").errorCode()).isEqualTo(40408);
        assertThat(http.delete("/config/s").errorCode()).isEqualTo(40401);
        assertThat(http.put("/config/s", compatibility("SIDEWAYS")).errorCode()).isEqualTo(42203);
        var underFull = http.post("/subjects/s/versions", schemaBody(record("a:string", "b:int", "c:int")));
        assertThat(underFull.errorCode()).as("back under the global FULL").isEqualTo(409);
        assertThat(underFull.json().get("message").asText()).contains("compatibility: 'FULL'");
    }

    @Test
    void testsCompatibilityWithoutRegistering() {
        http.register("s", V1);

        var fine = http.post("/compatibility/subjects/s/versions/latest", schemaBody(V2_WITH_DEFAULT));
        var bad = http.post("/compatibility/subjects/s/versions/latest?verbose=true", schemaBody(V2_WITHOUT_DEFAULT));
        var all = http.post("/compatibility/subjects/s/versions", schemaBody(V2_WITHOUT_DEFAULT));
        var empty = http.post("/compatibility/subjects/nobody/versions/latest", schemaBody(V1));

        assertThat(fine.text()).isEqualTo("{\"is_compatible\":true}");
        assertThat(bad.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(bad.json().get("messages").get(0).asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(all.text()).isEqualTo("{\"is_compatible\":false}");
        assertThat(empty.text()).isEqualTo("{\"is_compatible\":true}");
        assertThat(http.post("/compatibility/subjects/s/versions/9", schemaBody(V1)).errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/s/versions").text()).isEqualTo("[1]");
    }

    @Test
    void softDeletesThenPermanentlyDeletesVersionsAndSubjects() {
        http.register("s", V1);
        http.register("s", V2_WITH_DEFAULT);

        assertThat(http.delete("/subjects/s/versions/1").text()).isEqualTo("1");
        assertThat(http.get("/subjects/s/versions").text()).isEqualTo("[2]");
        assertThat(http.get("/subjects/s/versions?deleted=true").text()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/s/versions/1").errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/s/versions/1?deleted=true").json().get("id").asInt()).isEqualTo(1);
        assertThat(http.delete("/subjects/s/versions/1").errorCode()).isEqualTo(40406);
        assertThat(http.delete("/subjects/s/versions/2?permanent=true").errorCode()).isEqualTo(40407);
        assertThat(http.delete("/subjects/s?permanent=true").errorCode()).isEqualTo(40405);

        assertThat(http.delete("/subjects/s").text()).isEqualTo("[2]");
        assertThat(http.get("/subjects").text()).isEqualTo("[]");
        assertThat(http.get("/subjects?deleted=true").text()).isEqualTo("[\"s\"]");
        assertThat(http.get("/subjects/s/versions").errorCode()).isEqualTo(40401);
        assertThat(http.delete("/subjects/s").errorCode()).isEqualTo(40404);
        assertThat(http.get("/schemas/ids/2").status()).as("soft-deleted schemas stay readable by id").isEqualTo(200);

        assertThat(http.delete("/subjects/s?permanent=true").text()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects?deleted=true").text()).isEqualTo("[]");
        assertThat(http.get("/schemas/ids/2").errorCode()).isEqualTo(40403);
        assertThat(http.delete("/subjects/s").errorCode()).isEqualTo(40401);
    }

    @Test
    void reregisteringASoftDeletedSchemaMakesANewVersionWithTheOldId() {
        http.register("s", V1);
        http.delete("/subjects/s");

        assertThat(http.register("s", V1)).isEqualTo(1);
        assertThat(http.get("/subjects/s/versions?deleted=true").text()).as("version 1 gave way").isEqualTo("[2]");
    }

    @Test
    void answersConfluentsErrorCodes() {
        http.register("s", V1);

        assertThat(http.get("/subjects/nobody/versions").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects/nobody/versions/1").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects/s/versions/5").errorCode()).isEqualTo(40402);
        assertThat(http.get("/schemas/ids/99").status()).isEqualTo(404);
        assertThat(http.get("/schemas/ids/99").errorCode()).isEqualTo(40403);
        assertThat(http.get("/subjects/s/versions/0").errorCode()).isEqualTo(42202);
        var invalid = http.post("/subjects/s/versions", schemaBody("{\"type\":\"nothing\"}"));
        assertThat(invalid.errorCode()).isEqualTo(42201);
        var protobuf = http.post("/subjects/p/versions",
                schemaBody("syntax = \"proto3\";").put("schemaType", "PROTOBUF"));
        assertThat(protobuf.errorCode()).isEqualTo(42201);
        assertThat(protobuf.json().get("message").asText()).contains("PROTOBUF");
        assertThat(http.get("/no/such/path").status()).isEqualTo(404);
        assertThat(http.get("/").text()).isEqualTo("{}");
        assertThat(http.get("/mode").text()).isEqualTo("{\"mode\":\"READWRITE\"}");
    }

    @Test
    void servesSubjectsWhoseNamesNeedEncoding() {
        int id = http.register("levi%2Finteractions%20value", V1);

        assertThat(http.get("/subjects").text()).isEqualTo("[\"levi/interactions value\"]");
        assertThat(http.get("/subjects/levi%2Finteractions%20value/versions/latest").json().get("id").asInt())
                .isEqualTo(id);
    }

    @Test
    void assignsIdsConsistentlyToConcurrentRegistrations() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // Eight subjects, four distinct schemas: subject i and subject i + 4 share one.
            var tasks = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 8; i++) {
                String subject = "subject-" + i;
                String schema = record("f" + (i % 4) + ":string");
                tasks.add(() -> http.register(subject, schema));
            }
            var ids = new ArrayList<Integer>();
            for (Future<Integer> id : pool.invokeAll(tasks)) {
                ids.add(id.get());
            }
            assertThat(ids.subList(0, 4)).containsExactlyInAnyOrder(1, 2, 3, 4);
            assertThat(ids.subList(4, 8)).isEqualTo(ids.subList(0, 4));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keepsSchemasIdsVersionsAndConfigAcrossARestartAndNeverReusesAnId() {
        http.register("a", V1);
        http.register("a", V2_WITH_DEFAULT);
        http.register("b", OTHER);
        http.register("gone", record("z:int"));
        http.delete("/subjects/gone");
        http.delete("/subjects/gone?permanent=true");
        http.delete("/subjects/a/versions/1");
        http.put("/config", compatibility("FORWARD"));
        http.put("/config/b", compatibility("NONE"));
        List<String> before = snapshot();
        assertThat(before).contains("/config {\"compatibilityLevel\":\"FORWARD\"}",
                "/subjects/a/versions?deleted=true [1,2]", "/schemas/ids/3/subjects [\"b\"]");

        registry.close();
        registry = InProcessSchemaRegistry.start(registry.settings());
        http = new RegistryHttp(registry.url());

        assertThat(snapshot()).isEqualTo(before);
        assertThat(http.get("/schemas/ids/4").errorCode()).isEqualTo(40403);
        assertThat(http.register("c", record("y:long"))).as("id 4 was given once, so never again").isEqualTo(5);
        assertThat(http.register("a", record("a:string", "b:int=0", "c:int"))).as("FORWARD applies").isEqualTo(6);
    }

    @Test
    void readsRecordsAnotherWriterPutInConfluentsFormat() throws Exception {
        String topic = registry.settings().topic();
        String key = "{\"keytype\":\"SCHEMA\",\"subject\":\"legacy-value\",\"version\":1,\"magic\":1}";
        String value = "{\"subject\":\"legacy-value\",\"version\":1,\"id\":100001,\"schemaType\":\"AVRO\","
                + "\"schema\":\"\\\"bytes\\\"\",\"deleted\":false}";
        try (var producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }

        var found = awaitStatus("/schemas/ids/100001", 200);

        assertThat(found.text()).isEqualTo("{\"schema\":\"\\\"bytes\\\"\"}");
        assertThat(http.get("/subjects").text()).isEqualTo("[\"legacy-value\"]");
        assertThat(http.register("next-value", V1)).isEqualTo(100002);
    }

    @Test
    void servesConfluentsOwnPythonClient() throws Exception {
        assumeTrue(run(List.of(PYTHON, "-c", "import confluent_kafka.schema_registry")).exitCode() == 0,
                "Debian's python3-confluent-kafka is not installed");
        Path script = Path.of(getClass().getResource("/registry/confluent_client_check.py").toURI());

        var result = run(List.of(PYTHON, script.toString(), registry.url()));

        assertThat(result.output()).endsWith("all checks passed\n");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void closesTwiceWithoutComplaint() {
        registry.close();
        registry.close();

        assertThat(registry.url()).startsWith("http://127.0.0.1:");
    }

    // Everything a restart must keep, as the API shows it.
    private List<String> snapshot() {
        return List.of("/subjects?deleted=true", "/subjects/a/versions?deleted=true",
                "/subjects/a/versions/1?deleted=true", "/subjects/a/versions/latest", "/subjects/b/versions/1",
                "/schemas/ids/1", "/schemas/ids/3/subjects", "/config", "/config/b", "/config/a")
                .stream().map(path -> path + " " + http.get(path).text()).toList();
    }

    private RegistryHttp.Reply awaitStatus(String path, int status) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RegistryHttp.Reply reply = http.get(path);
        while (reply.status() != status && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));   // a poll interval, not a synchronization
            reply = http.get(path);
        }
        return reply;
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private static ProcessResult run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new ProcessResult(-1, e.toString());   // no interpreter at all
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new ProcessResult(-1, output + "\n(timed out)");
        }
        return new ProcessResult(process.exitValue(), output);
    }
}
