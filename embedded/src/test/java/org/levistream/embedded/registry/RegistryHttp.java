package org.levistream.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client for the registry's REST API in tests: plain {@link HttpClient}, Confluent's media types. */
final class RegistryHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = "application/vnd.schemaregistry.v1+json";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    /** One answer: status, body as text and as JSON (null if it is not JSON), and the content type. */
    record Reply(int status, String text, JsonNode json, String contentType) {
        int errorCode() {
            return json.path("error_code").asInt();
        }
    }

    RegistryHttp(String base) {
        this.base = base;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", V1)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Reply put(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", V1)
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Registers {@code schema} under {@code subject}, expecting success, and returns the id. */
    int register(String subject, String schema) {
        Reply reply = post("/subjects/" + subject + "/versions", schemaBody(schema));
        if (reply.status() != 200) {
            throw new AssertionError("register " + subject + " answered " + reply.status() + ": " + reply.text());
        }
        return reply.json().get("id").asInt();
    }

    /** {@code {"schema": "..."}}, the body of register, lookup and compatibility requests. */
    static ObjectNode schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema);
    }

    static ObjectNode compatibility(String level) {
        return JSON.createObjectNode().put("compatibility", level);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.header("Accept", V1).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), parse(response.body()),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
