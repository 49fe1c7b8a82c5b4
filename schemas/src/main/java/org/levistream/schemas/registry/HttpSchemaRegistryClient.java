package org.levistream.schemas.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.levistream.schemas.registry.internal.BoundedCache;
import org.levistream.schemas.registry.internal.RestTransport;

/**
 * {@link SchemaRegistryClient} over Confluent's REST API, on the JDK's {@link java.net.http.HttpClient}.
 *
 * <p>Caches what the registry never changes: an id's schema, and a subject+schema's id and version; each cache
 * holds at most {@link RegistryClientConfig#cacheCapacity()} entries. Latest versions, version lists, subjects
 * and compatibility settings are always asked for. Failover, retries, basic auth and TLS follow the
 * {@link RegistryClientConfig}.
 *
 * <pre>{@code
 * try (var registry = new HttpSchemaRegistryClient(RegistryClientConfig.forUrls("http://localhost:8081"))) {
 *     int id = registry.register("levi.interactions-value", Interaction.getClassSchema());
 * }
 * }</pre>
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    /** A cache key: the same schema may have different versions (and, after deletes, ids) in two subjects. */
    private record SubjectSchema(String subject, Schema schema) {
    }

    private final RestTransport transport;
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final BoundedCache<SubjectSchema, RegisteredSchema> versionsBySubjectSchema;

    /** A client for {@code config}; no request is sent until one is needed. */
    public HttpSchemaRegistryClient(RegistryClientConfig config) {
        this.transport = new RestTransport(config);
        this.schemasById = new BoundedCache<>(config.cacheCapacity());
        this.idsBySubjectSchema = new BoundedCache<>(config.cacheCapacity());
        this.versionsBySubjectSchema = new BoundedCache<>(config.cacheCapacity());
    }

    /** A client configured from Confluent's keys ({@link RegistryClientConfig#from(Map)}). */
    public static HttpSchemaRegistryClient create(Map<String, ?> settings) {
        return new HttpSchemaRegistryClient(RegistryClientConfig.from(settings));
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode answer = transport.send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            int id = answer.path("id").asInt();
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return versionsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode answer = transport.send("POST", "/subjects/" + encode(subject), schemaBody(schema));
            RegisteredSchema found = new RegisteredSchema(subject, answer.path("id").asInt(),
                    answer.path("version").asInt(), schema);
            idsBySubjectSchema.put(key, found.id());
            schemasById.put(found.id(), schema);
            return found;
        });
    }

    @Override
    public Schema getById(int id) {
        return schemasById.computeIfAbsent(id,
                key -> parse(transport.send("GET", "/schemas/ids/" + id, null), "schema id " + id));
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        return registered(subject, transport.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return registered(subject,
                transport.send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        transport.send("GET", "/subjects/" + encode(subject) + "/versions", null)
                .forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        transport.send("GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public CompatibilityCheck testCompatibility(String subject, Schema schema) {
        JsonNode answer = transport.send("POST",
                "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true", schemaBody(schema));
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityCheck(answer.path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public CompatibilityLevel getCompatibility() {
        return level(transport.send("GET", "/config", null));
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        return level(transport.send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null));
    }

    @Override
    public void setCompatibility(CompatibilityLevel level) {
        transport.send("PUT", "/config", compatibilityBody(level));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        transport.send("PUT", "/config/" + encode(subject), compatibilityBody(level));
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        String path = "/subjects/" + encode(subject);
        List<Integer> deleted = new ArrayList<>();
        try {
            // Confluent deletes permanently only what was soft-deleted first.
            transport.send("DELETE", path, null).forEach(v -> deleted.add(v.asInt()));
        } catch (SchemaRegistryException e) {
            if (!permanent || e.errorCode() != SchemaRegistryException.SUBJECT_SOFT_DELETED) {
                throw e;
            }
        }
        if (permanent) {
            deleted.clear();
            transport.send("DELETE", path + "?permanent=true", null).forEach(v -> deleted.add(v.asInt()));
        }
        idsBySubjectSchema.removeIf(key -> key.subject().equals(subject));
        versionsBySubjectSchema.removeIf(key -> key.subject().equals(subject));
        return List.copyOf(deleted);
    }

    /** Requests sent, failed attempts and retries so far. */
    public RequestStats stats() {
        return transport.stats();
    }

    /** Drops the caches. The JDK 17 HTTP client has no close; its threads end once it is unreachable. */
    @Override
    public void close() {
        schemasById.clear();
        idsBySubjectSchema.clear();
        versionsBySubjectSchema.clear();
    }

    private RegisteredSchema registered(String subject, JsonNode answer) {
        int id = answer.path("id").asInt();
        Schema schema = schemasById.computeIfAbsent(id, key -> parse(answer, "schema id " + id));
        return new RegisteredSchema(answer.path("subject").asText(subject), id, answer.path("version").asInt(), schema);
    }

    private static Schema parse(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new IllegalStateException(what + " is a " + type + " schema; only AVRO is supported");
        }
        try {
            return new Schema.Parser().parse(answer.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new IllegalStateException(what + " from the registry does not parse as Avro: " + e.getMessage(), e);
        }
    }

    private static ObjectNode schemaBody(Schema schema) {
        return RestTransport.json().createObjectNode().put("schema", schema.toString());
    }

    private static ObjectNode compatibilityBody(CompatibilityLevel level) {
        return RestTransport.json().createObjectNode().put("compatibility", level.name());
    }

    private static CompatibilityLevel level(JsonNode answer) {
        String level = answer.path("compatibilityLevel").asText(answer.path("compatibility").asText(""));
        try {
            return CompatibilityLevel.valueOf(level);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Registry answered an unknown compatibility level '" + level + "'", e);
        }
    }

    /** Subjects may hold any character; they are one path segment. */
    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
