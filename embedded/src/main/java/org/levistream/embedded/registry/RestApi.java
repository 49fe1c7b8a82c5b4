package org.levistream.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the registry: matches a request to a {@link Route}, negotiates Confluent's media types, runs
 * the route's action and writes its answer, or the error as Confluent's {@code {"error_code", "message"}} body.
 */
final class RestApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RestApi.class);

    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    static final String DEFAULT_JSON = "application/vnd.schemaregistry+json";
    static final String JSON = "application/json";
    // What Confluent consumes; a body in any other type is refused with 415.
    private static final List<String> REQUEST_TYPES = List.of(V1_JSON, DEFAULT_JSON, JSON, "application/octet-stream");

    /** What a route answers: any value Jackson can write, or {@link RawJson} for text that already is JSON. */
    @FunctionalInterface
    interface Action {
        Object run(RestCall call);
    }

    /** A JSON document passed through as it is, such as a stored schema. */
    record RawJson(String text) {
    }

    /**
     * One endpoint: a method and a path pattern whose {@code {name}} segments bind path parameters.
     *
     * @param pattern e.g. {@code subjects/{subject}/versions/{version}}
     */
    record Route(String method, String pattern, Action action) {
        Map<String, String> match(List<String> segments) {
            String[] parts = pattern.isEmpty() ? new String[0] : pattern.split("/");
            if (parts.length != segments.size()) {
                return null;
            }
            var params = new HashMap<String, String>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].startsWith("{")) {
                    params.put(parts[i].substring(1, parts[i].length() - 1), segments.get(i));
                } else if (!parts[i].equals(segments.get(i))) {
                    return null;
                }
            }
            return params;
        }
    }

    private final List<Route> routes;

    RestApi(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String responseType = V1_JSON;
        int status;
        byte[] body;
        try {
            responseType = responseType(exchange.getRequestHeaders().getFirst("Accept"));
            body = render(dispatch(exchange, method));
            status = 200;
        } catch (RegistryException e) {
            if (e.httpStatus() >= 500) {
                log.error("Schema registry could not serve {} {}: {}", method, exchange.getRequestURI(),
                        e.getMessage(), e.getCause());
            }
            status = e.httpStatus();
            body = error(e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Schema registry failed on {} {}", method, exchange.getRequestURI(), e);
            status = 500;
            body = error(500, "Internal Server Error: " + e);
        } catch (IOException e) {
            // The client went away while sending its body; there is no one left to answer.
            log.debug("{} {} abandoned: {}", method, exchange.getRequestURI(), e.toString());
            exchange.close();
            return;
        }
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", responseType);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
        log.debug("{} {} -> {}", method, exchange.getRequestURI(), status);
    }

    /** Confluent's answer for a path no route serves. */
    static RegistryException notFound() {
        return new RegistryException(404, 404, "HTTP 404 Not Found");
    }

    private Object dispatch(HttpExchange exchange, String method) throws IOException {
        List<String> segments = segments(exchange.getRequestURI().getRawPath());
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(method)) {
                if (method.equals("POST") || method.equals("PUT")) {
                    requireSupportedBody(exchange.getRequestHeaders().getFirst("Content-Type"));
                }
                byte[] body = exchange.getRequestBody().readAllBytes();
                return route.action().run(new RestCall(params, query(exchange.getRequestURI().getRawQuery()), body));
            }
        }
        throw pathKnown ? new RegistryException(405, 405, "HTTP 405 Method Not Allowed") : notFound();
    }

    // Picks the best media type the client accepts, preferring Confluent's versioned type on ties.
    static String responseType(String accept) {
        if (accept == null || accept.isBlank()) {
            return V1_JSON;
        }
        String best = null;
        double bestQuality = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = mediaType(parts[0]);
            double quality = quality(parts);
            if (type != null && quality > bestQuality) {
                best = type;
                bestQuality = quality;
            }
        }
        if (best == null) {
            throw new RegistryException(406, 406, "HTTP 406 Not Acceptable");
        }
        return best;
    }

    private static String mediaType(String range) {
        String type = range.trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "*/*", "application/*", V1_JSON -> V1_JSON;
            case DEFAULT_JSON, JSON -> type;
            default -> null;
        };
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.startsWith("q=")) {
                try {
                    return Double.parseDouble(param.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static void requireSupportedBody(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!REQUEST_TYPES.contains(type)) {
            throw new RegistryException(415, 415, "HTTP 415 Unsupported Media Type");
        }
    }

    // Path segments, each percent-decoded on its own, so that an encoded '/' stays inside its subject name.
    static List<String> segments(String rawPath) {
        var segments = new ArrayList<String>();
        for (String segment : rawPath.split("/")) {
            segments.add(decode(segment.replace("+", "%2B")));
        }
        while (!segments.isEmpty() && segments.get(0).isEmpty()) {
            segments.remove(0);
        }
        // A trailing slash names the same resource, as it does for Confluent's server.
        while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        return segments;
    }

    static Map<String, String> query(String rawQuery) {
        var query = new HashMap<String, String>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            query.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(400, 400, "Malformed percent-encoding in " + text);
        }
    }

    private static byte[] render(Object result) {
        if (result instanceof RawJson raw) {
            return raw.text().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a response of type " + result.getClass(), e);
        }
    }

    private static byte[] error(int errorCode, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("error_code", errorCode).put("message", message);
        return render(body);
    }
}
