package org.levistream.schemas.registry.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.levistream.schemas.registry.RegistryClientConfig;
import org.levistream.schemas.registry.RequestStats;
import org.levistream.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one registry request with Confluent's media type, failing over between the configured URLs and retrying
 * with exponential backoff.
 *
 * <p>Policy: a connection error or a 5xx moves on to the next URL at once; when every URL failed, the whole round
 * is retried after a backoff that starts at {@code retries.wait.ms} and doubles up to {@code retries.max.wait.ms},
 * at most {@code max.retries} times. A 4xx is the registry's final word and is never retried. The URL that answered
 * last is tried first next time, so one dead registry costs one failed attempt, not one per request.
 */
public final class RestTransport {
    /** Confluent's registry media type; requests carry it as Content-Type. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE
            + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(RestTransport.class);

    private final List<Endpoint> endpoints;
    private final HttpClient http;
    private final RegistryClientConfig config;
    private final AtomicInteger preferred = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    /** One registry URL without user info (safe to show), and its basic-auth header (or {@code null}). */
    private record Endpoint(String base, String authorization) {
    }

    public RestTransport(RegistryClientConfig config) {
        this.config = config;
        this.endpoints = config.urls().stream().map(url -> endpoint(url, config)).toList();
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/1.1: the JDK's HTTP/2 upgrade dance on plain http buys nothing for small JSON requests.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout());
        if (config.trustStore() != null || config.keyStore() != null) {
            builder.sslContext(SslContexts.create(config.trustStore(), config.keyStore()));
        }
        this.http = builder.build();
    }

    /** The shared mapper, for building request bodies. */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * Sends {@code method path} with {@code body} (or none) and returns the JSON answer ({@link NullNode} when the
     * response has no body).
     *
     * @param path starts with {@code /}; may carry a query string; path segments already percent-encoded
     * @throws SchemaRegistryException the registry's error (4xx at once; 5xx or no answer after the retries)
     */
    public JsonNode send(String method, String path, JsonNode body) {
        requests.incrementAndGet();
        byte[] payload = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        Failure last = null;
        for (int round = 0; round <= config.maxRetries(); round++) {
            if (round > 0) {
                retries.incrementAndGet();
                backoff(round, last);
            }
            int first = preferred.get();
            for (int i = 0; i < endpoints.size(); i++) {
                int index = (first + i) % endpoints.size();
                Endpoint endpoint = endpoints.get(index);
                Outcome outcome = attempt(endpoint, method, path, payload);
                if (outcome.response() != null) {
                    preferred.set(index);
                    return outcome.response();
                }
                failedAttempts.incrementAndGet();
                last = outcome.failure();
                log.debug("Schema registry {} {} failed: {}", method, last.url(), last.message());
            }
        }
        throw new SchemaRegistryException("No schema registry answered " + method + " " + path + " after "
                + (config.maxRetries() + 1) + " round(s) over " + config.redactedUrls() + "; last: " + last.message(),
                last.status(), last.errorCode(), last.url(), last.cause());
    }

    /** The counters so far. */
    public RequestStats stats() {
        return new RequestStats(requests.get(), failedAttempts.get(), retries.get());
    }

    /** A retriable failure of one attempt: no answer (status 0) or a 5xx. */
    private record Failure(String message, int status, int errorCode, String url, Throwable cause) {
    }

    /** Either a response or a retriable failure; a 4xx is thrown instead. */
    private record Outcome(JsonNode response, Failure failure) {
    }

    private Outcome attempt(Endpoint endpoint, String method, String path, byte[] payload) {
        String url = endpoint.base() + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT)
                .method(method, payload == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(payload));
        if (payload != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (endpoint.authorization() != null) {
            request.header("Authorization", endpoint.authorization());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Outcome(null, new Failure(e.toString(), 0, 0, url, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted during " + method + " " + path, 0, 0, url, e);
        }
        return outcome(response, url);
    }

    private static Outcome outcome(HttpResponse<byte[]> response, String url) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status >= 200 && status < 300) {
            return new Outcome(body, null);
        }
        int errorCode = body.path("error_code").asInt(0);
        String message = body.path("message").asText("");
        if (message.isEmpty()) {
            message = new String(response.body(), StandardCharsets.UTF_8).strip();
        }
        if (status >= 500) {
            return new Outcome(null, new Failure("HTTP " + status + " " + message, status, errorCode, url, null));
        }
        throw new SchemaRegistryException(message.isEmpty() ? "Registry refused the request" : message,
                status, errorCode, url, null);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            // An error page from a proxy, say: keep going with no JSON; the caller reports the status.
            return NullNode.getInstance();
        }
    }

    private void backoff(int round, Failure last) {
        long initial = config.retryBackoff().toMillis();
        long delay = Math.min(config.maxRetryBackoff().toMillis(), initial << Math.min(round - 1, 30));
        log.debug("Schema registry unreachable ({}); retry {} of {} in {} ms",
                last.message(), round, config.maxRetries(), delay);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while waiting to retry", 0, 0, last.url(), e);
        }
    }

    private static Endpoint endpoint(URI url, RegistryClientConfig config) {
        String base = strip(RegistryClientConfig.redact(url));
        String userInfo = switch (config.credentialsSource()) {
            case USER_INFO -> config.userInfo();
            case URL -> url.getUserInfo();
        };
        String authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        // The request goes to the URL without user info: the JDK client would not use it, and it must not leak.
        return new Endpoint(base, authorization);
    }

    private static String strip(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
