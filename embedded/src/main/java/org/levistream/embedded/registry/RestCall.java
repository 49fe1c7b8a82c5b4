package org.levistream.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * One matched request, as a route's action sees it.
 *
 * @param path  the path parameters by name, percent-decoded, e.g. {@code subject -> orders-value}
 * @param query the query parameters, percent-decoded; the first of repeated ones
 * @param body  the request body, empty if none
 */
record RestCall(Map<String, String> path, Map<String, String> query, byte[] body) {

    RestCall {
        path = Map.copyOf(path);
        query = Map.copyOf(query);
    }

    String path(String name) {
        return path.get(name);
    }

    /** A path parameter that must be an int, as JAX-RS would bind it: anything else is no such resource. */
    int intPath(String name) {
        try {
            return Integer.parseInt(path.get(name));
        } catch (NumberFormatException e) {
            throw RestApi.notFound();
        }
    }

    /** A query flag such as {@code ?deleted=true}; absent or anything but "true" is false, as in JAX-RS. */
    boolean flag(String name) {
        return Boolean.parseBoolean(query.get(name));
    }

    /** The body as a JSON object; an empty body reads as {@code {}}, so that missing fields are reported by name. */
    JsonNode json() {
        if (body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(400, 400, "Unexpected request body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new RegistryException(422, 422, "The request body must be a JSON object");
        }
        return node;
    }

    /** The body as Confluent's {@code RegisterSchemaRequest}. */
    SchemaRequest schemaRequest() {
        JsonNode json = json();
        JsonNode schema = json.path("schema");
        if (!schema.isMissingNode() && !schema.isNull() && !schema.isTextual()) {
            throw RegistryException.invalidSchema("The field schema must be a JSON string holding the schema");
        }
        JsonNode id = json.path("id");
        return new SchemaRequest(schema.isTextual() ? schema.asText() : null,
                json.hasNonNull("schemaType") ? json.get("schemaType").asText() : null,
                json.path("references").size() > 0,
                id.canConvertToInt() ? id.asInt() : null);
    }
}
