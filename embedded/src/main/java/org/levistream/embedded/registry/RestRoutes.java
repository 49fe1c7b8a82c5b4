package org.levistream.embedded.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.levistream.embedded.registry.RestApi.RawJson;
import org.levistream.embedded.registry.RestApi.Route;

/**
 * The endpoints of Confluent's REST API that Confluent's Java and Python clients and ours call, each mapped to a
 * {@link RegistryOperations} call and answered in Confluent's JSON shape. AVRO is the only schema type, so
 * {@code schemaType} is omitted from answers, as Confluent omits it for AVRO.
 */
final class RestRoutes {
    private final RegistryOperations registry;

    private RestRoutes(RegistryOperations registry) {
        this.registry = registry;
    }

    /** Every route, in the order they are matched. */
    static List<Route> of(RegistryOperations registry) {
        var r = new RestRoutes(registry);
        return List.of(
                new Route("GET", "", call -> Json.MAPPER.createObjectNode()),
                new Route("GET", "subjects", r::listSubjects),
                new Route("POST", "subjects/{subject}", r::lookup),
                new Route("DELETE", "subjects/{subject}", r::deleteSubject),
                new Route("GET", "subjects/{subject}/versions", r::listVersions),
                new Route("POST", "subjects/{subject}/versions", r::register),
                new Route("GET", "subjects/{subject}/versions/{version}", r::getVersion),
                new Route("DELETE", "subjects/{subject}/versions/{version}", r::deleteVersion),
                new Route("GET", "subjects/{subject}/versions/{version}/schema", r::getVersionSchema),
                new Route("GET", "subjects/{subject}/versions/{version}/referencedby", r::referencedBy),
                new Route("GET", "schemas/types", call -> List.of("AVRO")),
                new Route("GET", "schemas/ids/{id}", r::getSchema),
                new Route("GET", "schemas/ids/{id}/schema", r::getRawSchema),
                new Route("GET", "schemas/ids/{id}/versions", r::schemaVersions),
                new Route("GET", "schemas/ids/{id}/subjects", r::schemaSubjects),
                new Route("GET", "config", call -> level("compatibilityLevel", registry.globalLevel())),
                new Route("PUT", "config", call -> r.setLevel(null, call)),
                new Route("DELETE", "config", call -> level("compatibilityLevel", registry.deleteLevel(null))),
                new Route("GET", "config/{subject}", r::getSubjectLevel),
                new Route("PUT", "config/{subject}", call -> r.setLevel(call.path("subject"), call)),
                new Route("DELETE", "config/{subject}",
                        call -> level("compatibilityLevel", registry.deleteLevel(call.path("subject")))),
                new Route("GET", "mode", call -> Map.of("mode", "READWRITE")),
                new Route("GET", "mode/{subject}", RestRoutes::subjectMode),
                new Route("GET", "contexts", call -> List.of(".")),
                new Route("POST", "compatibility/subjects/{subject}/versions", call -> r.compatibility(call, null)),
                new Route("POST", "compatibility/subjects/{subject}/versions/{version}",
                        call -> r.compatibility(call, call.path("version"))));
    }

    private Object listSubjects(RestCall call) {
        return registry.subjects(call.flag("deleted"), call.query().get("subjectPrefix"));
    }

    private Object lookup(RestCall call) {
        return version(registry.lookup(call.path("subject"), call.schemaRequest(), call.flag("deleted")));
    }

    private Object deleteSubject(RestCall call) {
        return registry.deleteSubject(call.path("subject"), call.flag("permanent"));
    }

    private Object listVersions(RestCall call) {
        return registry.versionNumbers(call.path("subject"), call.flag("deleted"));
    }

    private Object register(RestCall call) {
        return Map.of("id", registry.register(call.path("subject"), call.schemaRequest()));
    }

    private Object getVersion(RestCall call) {
        return version(registry.version(call.path("subject"), call.path("version"), call.flag("deleted")));
    }

    private Object deleteVersion(RestCall call) {
        return registry.deleteVersion(call.path("subject"), call.path("version"), call.flag("permanent"));
    }

    private Object getVersionSchema(RestCall call) {
        SchemaVersion v = registry.version(call.path("subject"), call.path("version"), call.flag("deleted"));
        return new RawJson(v.schema().canonical());
    }

    // No references are ever registered here, so nothing refers to any version; the version must still exist.
    private Object referencedBy(RestCall call) {
        registry.version(call.path("subject"), call.path("version"), true);
        return List.of();
    }

    private Object getSchema(RestCall call) {
        int id = call.intPath("id");
        ObjectNode answer = Json.MAPPER.createObjectNode().put("schema", registry.schema(id).canonical());
        if (call.flag("fetchMaxId")) {
            answer.put("maxId", registry.maxId());
        }
        return answer;
    }

    private Object getRawSchema(RestCall call) {
        return new RawJson(registry.schema(call.intPath("id")).canonical());
    }

    private Object schemaVersions(RestCall call) {
        ArrayNode answer = Json.MAPPER.createArrayNode();
        for (SchemaVersion v : registry.versionsWithId(call.intPath("id"), call.flag("deleted"))) {
            answer.addObject().put("subject", v.subject()).put("version", v.version());
        }
        return answer;
    }

    private Object schemaSubjects(RestCall call) {
        return registry.versionsWithId(call.intPath("id"), call.flag("deleted")).stream()
                .map(SchemaVersion::subject).distinct().toList();
    }

    private Object getSubjectLevel(RestCall call) {
        return level("compatibilityLevel", registry.subjectLevel(call.path("subject"), call.flag("defaultToGlobal")));
    }

    // Confluent reads {"compatibility": ...}; newer clients may send "compatibilityLevel". The answer echoes it.
    private Object setLevel(String subject, RestCall call) {
        var body = call.json();
        String requested = body.hasNonNull("compatibility") ? body.get("compatibility").asText()
                : body.path("compatibilityLevel").asText(null);
        return level("compatibility", registry.setLevel(subject, requested));
    }

    private static Object subjectMode(RestCall call) {
        if (!call.flag("defaultToGlobal")) {
            throw RegistryException.subjectModeNotConfigured(call.path("subject"));
        }
        return Map.of("mode", "READWRITE");
    }

    // {"is_compatible": bool}, plus the reasons as "messages" when verbose=true.
    private Object compatibility(RestCall call, String version) {
        boolean verbose = call.flag("verbose");
        List<String> messages;
        try {
            messages = registry.compatibility(call.path("subject"), version, call.schemaRequest());
        } catch (RegistryException e) {
            if (!verbose || e.errorCode() != 42201) {
                throw e;
            }
            messages = List.of(e.getMessage());   // Confluent reports an invalid schema as a reason when verbose
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("is_compatible", messages.isEmpty());
        if (verbose) {
            messages.forEach(answer.putArray("messages")::add);
        }
        return answer;
    }

    private static ObjectNode version(SchemaVersion v) {
        return Json.MAPPER.createObjectNode().put("subject", v.subject()).put("version", v.version())
                .put("id", v.id()).put("schema", v.schema().canonical());
    }

    private static ObjectNode level(String field, CompatibilityLevel level) {
        return Json.MAPPER.createObjectNode().put(field, level.name());
    }
}
