package org.levistream.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry that lives in this object: for unit tests and {@code TopologyTestDriver}, where no HTTP registry runs.
 * Behaves like Confluent's for what the serde relies on: one global id per distinct schema (Avro equality: docs aside) (same schema in two
 * subjects, same id), versions from 1 per subject, the compatibility levels checked with Avro's own rules, and
 * Confluent's error codes (40401, 40403, 409) in the exceptions. Thread-safe.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private static final String URL = "memory:";

    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new LinkedHashMap<>();
    private final Map<String, CompatibilityLevel> levels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer known = idsBySchema.get(schema);
        if (known != null && versions.contains(known)) {
            return known;
        }
        CompatibilityCheck check = check(subject, schema);
        if (!check.compatible()) {
            throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema for"
                    + " subject \"" + subject + "\"; " + check.messages(), 409, 409, URL + subject, null);
        }
        int id = known != null ? known : schemasById.size() + 1;
        idsBySchema.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        versions.add(id);
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        List<Integer> versions = versions(subject, "lookup");
        Integer id = idsBySchema.get(schema);
        if (id == null || !versions.contains(id)) {
            throw notFound("Schema not found", SchemaRegistryException.SCHEMA_NOT_FOUND, subject);
        }
        return new RegisteredSchema(subject, id, versions.indexOf(id) + 1, schemasById.get(id));
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw notFound("Schema " + id + " not found", SchemaRegistryException.SCHEMA_NOT_FOUND, "ids/" + id);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema getLatest(String subject) {
        List<Integer> versions = versions(subject, "latest");
        return getVersion(subject, versions.size());
    }

    @Override
    public synchronized RegisteredSchema getVersion(String subject, int version) {
        List<Integer> versions = versions(subject, "version");
        if (version < 1 || version > versions.size()) {
            throw notFound("Version " + version + " not found", SchemaRegistryException.VERSION_NOT_FOUND, subject);
        }
        int id = versions.get(version - 1);
        return new RegisteredSchema(subject, id, version, schemasById.get(id));
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        int count = versions(subject, "versions").size();
        List<Integer> numbers = new ArrayList<>();
        for (int v = 1; v <= count; v++) {
            numbers.add(v);
        }
        return numbers;
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    @Override
    public synchronized CompatibilityCheck testCompatibility(String subject, Schema schema) {
        versions(subject, "compatibility");
        return check(subject, schema);
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(String subject) {
        return levels.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized void setCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levels.put(subject, level);
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        List<Integer> deleted = versions(subject);
        idsBySubject.remove(subject);
        levels.remove(subject);
        return deleted;
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }

    private List<Integer> versions(String subject, String what) {
        List<Integer> versions = idsBySubject.get(subject);
        if (versions == null) {
            throw notFound("Subject '" + subject + "' not found", SchemaRegistryException.SUBJECT_NOT_FOUND, what);
        }
        return versions;
    }

    /** Checks {@code candidate} against the versions its subject's level says, with Avro's reader/writer rules. */
    private CompatibilityCheck check(String subject, Schema candidate) {
        CompatibilityLevel level = getCompatibility(subject);
        List<Integer> versions = idsBySubject.getOrDefault(subject, List.of());
        if (level == CompatibilityLevel.NONE || versions.isEmpty()) {
            return new CompatibilityCheck(true, List.of());
        }
        boolean transitive = level.name().endsWith("_TRANSITIVE");
        List<Integer> against = transitive ? versions : versions.subList(versions.size() - 1, versions.size());
        List<String> messages = new ArrayList<>();
        for (int id : against) {
            Schema existing = schemasById.get(id);
            if (!level.name().startsWith("FORWARD")) {
                messages.addAll(problems(candidate, existing));      // the new schema reads old data
            }
            if (!level.name().startsWith("BACKWARD")) {
                messages.addAll(problems(existing, candidate));      // old readers read new data
            }
        }
        return new CompatibilityCheck(messages.isEmpty(), messages);
    }

    private static List<String> problems(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        return result.getIncompatibilities().stream().map(Object::toString).toList();
    }

    private static SchemaRegistryException notFound(String message, int code, String where) {
        return new SchemaRegistryException(message, 404, code, URL + where, null);
    }
}
