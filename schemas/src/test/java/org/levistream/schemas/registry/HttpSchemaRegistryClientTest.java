package org.levistream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.StubRegistryServer.Request;

/** The client against a scripted HTTP server: request shapes, error mapping, caches, failover, retries, auth. */
@Timeout(30)
class HttpSchemaRegistryClientTest {
    private static final Schema SCHEMA = Interaction.getClassSchema();
    private static final String SUBJECT = "levi.interactions-value";

    private final StubRegistryServer stub = new StubRegistryServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    private HttpSchemaRegistryClient client(String urls, Object... more) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(RegistryClientConfig.URL, urls);
        settings.put(RegistryClientConfig.RETRIES_WAIT_MS, "5");
        settings.put(RegistryClientConfig.RETRIES_MAX_WAIT_MS, "20");
        for (int i = 0; i < more.length; i += 2) {
            settings.put((String) more[i], more[i + 1]);
        }
        return HttpSchemaRegistryClient.create(settings);
    }

    @Test
    void registersWithConfluentsMediaTypeAndCachesTheId() {
        stub.then(200, "{\"id\":7}");
        try (var client = client(stub.url())) {
            assertThat(client.register(SUBJECT, SCHEMA)).isEqualTo(7);
            assertThat(client.register(SUBJECT, SCHEMA)).isEqualTo(7);
            assertThat(client.getById(7)).isEqualTo(SCHEMA);
        }

        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/subjects/levi.interactions-value/versions");
            assertThat(r.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(r.body()).startsWith("{\"schema\":\"{\\\"type\\\":\\\"record\\\"");
        });
    }

    @Test
    void readsConfluentsAnswerShapes() {
        String registered = "{\"subject\":\"" + SUBJECT + "\",\"id\":3,\"version\":2,\"schema\":"
                + quoted(SCHEMA.toString()) + "}";
        stub.then(200, registered)                                      // lookup
                .then(200, "{\"schema\":\"\\\"string\\\"\"}")          // getById
                .then(200, registered)                                  // getLatest
                .then(200, "[1,2]")                                     // versions
                .then(200, "[\"a-value\",\"b-key\"]")                  // subjects
                .then(200, "{\"is_compatible\":false,\"messages\":[\"reader field x has no default\"]}")
                .then(200, "{\"compatibilityLevel\":\"FULL\"}")
                .then(200, "{\"compatibility\":\"NONE\"}");
        try (var client = client(stub.url())) {
            assertThat(client.lookup(SUBJECT, SCHEMA)).isEqualTo(new RegisteredSchema(SUBJECT, 3, 2, SCHEMA));
            assertThat(client.getById(99)).isEqualTo(Schema.create(Schema.Type.STRING));
            assertThat(client.getLatest(SUBJECT).version()).isEqualTo(2);
            assertThat(client.versions(SUBJECT)).containsExactly(1, 2);
            assertThat(client.subjects()).containsExactly("a-value", "b-key");
            assertThat(client.testCompatibility(SUBJECT, SCHEMA))
                    .isEqualTo(new CompatibilityCheck(false, java.util.List.of("reader field x has no default")));
            assertThat(client.getCompatibility(SUBJECT)).isEqualTo(CompatibilityLevel.FULL);
            client.setCompatibility(CompatibilityLevel.NONE);
        }

        assertThat(stub.requests()).extracting(Request::method, Request::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/subjects/levi.interactions-value"),
                org.assertj.core.groups.Tuple.tuple("GET", "/schemas/ids/99"),
                org.assertj.core.groups.Tuple.tuple("GET", "/subjects/levi.interactions-value/versions/latest"),
                org.assertj.core.groups.Tuple.tuple("GET", "/subjects/levi.interactions-value/versions"),
                org.assertj.core.groups.Tuple.tuple("GET", "/subjects"),
                org.assertj.core.groups.Tuple.tuple("POST",
                        "/compatibility/subjects/levi.interactions-value/versions/latest?verbose=true"),
                org.assertj.core.groups.Tuple.tuple("GET", "/config/levi.interactions-value?defaultToGlobal=true"),
                org.assertj.core.groups.Tuple.tuple("PUT", "/config"));
        assertThat(stub.requests().get(7).body()).isEqualTo("{\"compatibility\":\"NONE\"}");
    }

    @Test
    void surfacesConfluentErrorsAndNeverRetriesA4xx() {
        stub.always(404, "{\"error_code\":40403,\"message\":\"Schema 42 not found\"}");
        try (var client = client(stub.url())) {
            assertThatThrownBy(() -> client.getById(42))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(404);
                        assertThat(e.errorCode()).isEqualTo(40403);
                        assertThat(e.isNotFound()).isTrue();
                        assertThat(e.isSchemaNotFound()).isTrue();
                        assertThat(e.isRetriable()).isFalse();
                        assertThat(e.url()).isEqualTo(stub.url() + "/schemas/ids/42");
                        assertThat(e.getMessage()).contains("Schema 42 not found", "HTTP 404", "error_code 40403");
                    });
            assertThat(client.stats()).isEqualTo(new RequestStats(1, 0, 0));
        }
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void reportsAnIncompatibleSchemaAs409() {
        stub.then(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
        try (var client = client(stub.url())) {
            assertThatThrownBy(() -> client.register(SUBJECT, SCHEMA))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.isIncompatible()).isTrue();
                    });
        }
    }

    @Test
    void failsOverFromARefusedUrlAndKeepsUsingTheOneThatAnswered() {
        stub.always(200, "[\"s\"]");
        try (var client = client(StubRegistryServer.closedPortUrl() + "," + stub.url())) {
            assertThat(client.subjects()).containsExactly("s");
            assertThat(client.stats()).isEqualTo(new RequestStats(1, 1, 0));

            assertThat(client.subjects()).containsExactly("s");
            assertThat(client.stats()).isEqualTo(new RequestStats(2, 1, 0));   // the dead URL is not tried again
        }
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void retries5xxWithBackoffUntilTheRegistryAnswers() {
        stub.then(503, "{\"error_code\":50003,\"message\":\"forwarding failed\"}")
                .then(500, "")
                .then(200, "[1]");
        try (var client = client(stub.url(), RegistryClientConfig.MAX_RETRIES, 3)) {
            assertThat(client.versions(SUBJECT)).containsExactly(1);
            assertThat(client.stats()).isEqualTo(new RequestStats(1, 2, 2));
        }
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastConnectionError() {
        String dead = StubRegistryServer.closedPortUrl();
        try (var client = client(dead, RegistryClientConfig.MAX_RETRIES, "2")) {
            assertThatThrownBy(client::subjects)
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isZero();
                        assertThat(e.isRetriable()).isTrue();
                        assertThat(e.getMessage()).contains("after 3 round(s)", dead);
                        assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
                    });
            assertThat(client.stats()).isEqualTo(new RequestStats(1, 3, 2));
        }
    }

    @Test
    void sendsBasicAuthFromUserInfo() {
        stub.always(200, "[]");
        try (var client = client(stub.url(), RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                RegistryClientConfig.BASIC_AUTH_USER_INFO, "fred:s3cret")) {
            client.subjects();
        }
        assertThat(stub.requests()).singleElement().extracting(Request::authorization).isEqualTo(basic("fred:s3cret"));
    }

    @Test
    void sendsBasicAuthFromTheUrlAndNothingWithoutCredentials() {
        stub.always(200, "[]");
        String withUser = stub.url().replace("http://", "http://wilma:pw%40x@");
        try (var client = client(withUser)) {
            client.subjects();
        }
        try (var client = client(stub.url())) {
            client.subjects();
        }
        assertThat(stub.requests()).extracting(Request::authorization).containsExactly(basic("wilma:pw@x"), null);
    }

    @Test
    void permanentDeleteSoftDeletesFirst() {
        stub.then(200, "[1,2]").then(200, "[1,2]");
        try (var client = client(stub.url())) {
            assertThat(client.deleteSubject(SUBJECT, true)).containsExactly(1, 2);
        }
        assertThat(stub.requests()).extracting(Request::method, Request::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("DELETE", "/subjects/levi.interactions-value"),
                org.assertj.core.groups.Tuple.tuple("DELETE", "/subjects/levi.interactions-value?permanent=true"));
    }

    @Test
    void encodesSubjectsAsOnePathSegment() {
        stub.always(200, "[]");
        try (var client = client(stub.url())) {
            client.versions("a b/c");
        }
        assertThat(stub.requests()).singleElement().extracting(Request::path)
                .isEqualTo("/subjects/a%20b%2Fc/versions");
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfSchemas() {
        stub.always(200, "{\"schema\":\"\\\"string\\\"\"}");
        try (var client = client(stub.url(), RegistryClientConfig.CACHE_CAPACITY, 2)) {
            client.getById(1);
            client.getById(2);
            client.getById(1);   // hit
            client.getById(3);   // evicts 2, the least recently used
            client.getById(2);   // miss; evicts 1
            client.getById(1);   // miss again
        }
        assertThat(stub.requests()).extracting(Request::path).containsExactly(
                "/schemas/ids/1", "/schemas/ids/2", "/schemas/ids/3", "/schemas/ids/2", "/schemas/ids/1");
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
