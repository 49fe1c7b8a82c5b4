package org.levistream.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Confluent Schema Registry's record format in the schemas topic, so that this registry and Confluent's can read
 * each other's topic. Keys and values are UTF-8 JSON:
 *
 * <pre>
 * SCHEMA         {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}
 *                {"subject":"s","version":1,"id":1,"schema":"...","deleted":false}   (null: permanently deleted)
 * CONFIG         {"keytype":"CONFIG","subject":null,"magic":0}                       (subject null: global)
 *                {"compatibilityLevel":"FULL"}                                       (null: cleared)
 * DELETE_SUBJECT {"keytype":"DELETE_SUBJECT","subject":"s","magic":0}
 *                {"subject":"s","version":3}                       (versions up to 3 are soft-deleted)
 * </pre>
 *
 * Key fields are written in Confluent's order, because the topic is compacted by key bytes: the same logical
 * key must always serialize to the same bytes.
 */
final class StoreFormat {
    static final String SCHEMA = "SCHEMA";
    static final String CONFIG = "CONFIG";
    static final String DELETE_SUBJECT = "DELETE_SUBJECT";
    private static final String AVRO = "AVRO";

    private StoreFormat() {
    }

    static byte[] schemaKey(String subject, int version) {
        ObjectNode key = Json.MAPPER.createObjectNode().put("keytype", SCHEMA).put("subject", subject);
        return bytes(key.put("version", version).put("magic", 1));
    }

    static byte[] schemaValue(SchemaVersion v) {
        ObjectNode value = Json.MAPPER.createObjectNode().put("subject", v.subject()).put("version", v.version());
        return bytes(value.put("id", v.id()).put("schema", v.schema().canonical()).put("deleted", v.deleted()));
    }

    /** @param subject the subject, or null for the global config */
    static byte[] configKey(String subject) {
        return bytes(Json.MAPPER.createObjectNode().put("keytype", CONFIG).put("subject", subject).put("magic", 0));
    }

    static byte[] configValue(CompatibilityLevel level) {
        return bytes(Json.MAPPER.createObjectNode().put("compatibilityLevel", level.name()));
    }

    static byte[] deleteSubjectKey(String subject) {
        return bytes(Json.MAPPER.createObjectNode().put("keytype", DELETE_SUBJECT).put("subject", subject)
                .put("magic", 0));
    }

    static byte[] deleteSubjectValue(String subject, int upToVersion) {
        return bytes(Json.MAPPER.createObjectNode().put("subject", subject).put("version", upToVersion));
    }

    /**
     * Decodes one record of the topic.
     *
     * @param value the value bytes, null for a tombstone
     * @throws IllegalArgumentException if the record is not in Confluent's format
     */
    static StoreRecord decode(byte[] key, byte[] value) {
        JsonNode k = tree(key, "key");
        String keyType = k.path("keytype").asText("");
        String subject = k.hasNonNull("subject") ? k.get("subject").asText() : null;
        JsonNode v = value == null ? null : tree(value, "value");
        return switch (keyType) {
            case SCHEMA -> decodeSchema(required(subject, keyType), k.path("version").asInt(), v);
            case CONFIG -> new StoreRecord.ConfigPut(subject, v == null ? null
                    : CompatibilityLevel.forName(v.path("compatibilityLevel").asText(null)).orElse(null));
            case DELETE_SUBJECT -> v == null ? new StoreRecord.Ignored(keyType)
                    : new StoreRecord.SubjectDeleted(required(subject, keyType), v.path("version").asInt());
            default -> new StoreRecord.Ignored(keyType);
        };
    }

    private static StoreRecord decodeSchema(String subject, int version, JsonNode v) {
        if (v == null) {
            return new StoreRecord.SchemaTombstone(subject, version);
        }
        String type = v.path("schemaType").asText(AVRO);
        if (!AVRO.equals(type)) {
            return new StoreRecord.Ignored(SCHEMA + " of type " + type);
        }
        AvroSchemaText schema;
        try {
            schema = AvroSchemaText.parseStored(v.path("schema").asText());
        } catch (RegistryException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new StoreRecord.SchemaPut(new SchemaVersion(subject, version, v.path("id").asInt(), schema,
                v.path("deleted").asBoolean(false)));
    }

    private static String required(String subject, String keyType) {
        if (subject == null) {
            throw new IllegalArgumentException(keyType + " key without a subject");
        }
        return subject;
    }

    private static JsonNode tree(byte[] bytes, String what) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("record " + what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("record " + what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);   // a tree of strings and numbers always serializes
        }
    }
}
