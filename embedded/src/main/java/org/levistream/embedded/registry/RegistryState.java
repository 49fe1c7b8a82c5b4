package org.levistream.embedded.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The registry's in-memory view of the schemas topic: what every record read so far adds up to.
 *
 * <p>Only the topic reader changes it ({@link #apply}); request threads read it. Every method holds the object's
 * lock, and what leaves it is immutable, so a reader never sees half of an update.
 */
final class RegistryState {
    // subject -> version -> entry; sorted, so that listings come out in Confluent's order.
    private final NavigableMap<String, NavigableMap<Integer, SchemaVersion>> subjects = new TreeMap<>();
    private final Map<Integer, AvroSchemaText> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    // How many versions (live or soft-deleted) use each id; an id disappears with its last version.
    private final Map<Integer, Integer> versionsPerId = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    // The largest id ever read, even of versions deleted since: new ids are never reused within a run.
    private int maxId;

    /** Applies one record of the topic, in offset order. */
    synchronized void apply(StoreRecord record) {
        // Java 17 has no pattern matching for switch yet; Ignored records fall through every test.
        if (record instanceof StoreRecord.SchemaPut put) {
            putVersion(put.version());
        } else if (record instanceof StoreRecord.SchemaTombstone t) {
            removeVersion(t.subject(), t.version());
        } else if (record instanceof StoreRecord.ConfigPut c) {
            setLevel(c.subject(), c.level());
        } else if (record instanceof StoreRecord.SubjectDeleted d) {
            softDeleteUpTo(d.subject(), d.upToVersion());
        }
    }

    /** Subjects with at least one live version, or with any version at all if {@code includeDeleted}. */
    synchronized List<String> subjects(boolean includeDeleted) {
        var names = new ArrayList<String>();
        subjects.forEach((name, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                names.add(name);
            }
        });
        return List.copyOf(names);
    }

    /** The subject's versions, oldest first; soft-deleted ones only if {@code includeDeleted}. */
    synchronized List<SchemaVersion> versions(String subject, boolean includeDeleted) {
        var versions = subjects.getOrDefault(subject, new TreeMap<>()).values();
        return versions.stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    synchronized Optional<SchemaVersion> version(String subject, int version, boolean includeDeleted) {
        var entry = Optional.ofNullable(subjects.get(subject)).map(versions -> versions.get(version));
        return entry.filter(v -> includeDeleted || !v.deleted());
    }

    synchronized Optional<SchemaVersion> latest(String subject, boolean includeDeleted) {
        List<SchemaVersion> versions = versions(subject, includeDeleted);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The id already given to this canonical text, by any subject, live or soft-deleted. */
    synchronized OptionalInt idOf(String canonical) {
        Integer id = idsByCanonical.get(canonical);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    synchronized Optional<AvroSchemaText> schema(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** Every (subject, version) that uses {@code id}, by subject then version. */
    synchronized List<SchemaVersion> versionsWithId(int id, boolean includeDeleted) {
        var found = new ArrayList<SchemaVersion>();
        for (var versions : subjects.values()) {
            versions.values().stream().filter(v -> v.id() == id && (includeDeleted || !v.deleted()))
                    .forEach(found::add);
        }
        return List.copyOf(found);
    }

    synchronized int maxId() {
        return maxId;
    }

    synchronized Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The level a registration under {@code subject} is checked with: the subject's, else global, else BACKWARD. */
    synchronized CompatibilityLevel effectiveLevel(String subject) {
        CompatibilityLevel level = subjectLevels.get(subject);
        if (level != null) {
            return level;
        }
        return globalLevel != null ? globalLevel : CompatibilityLevel.DEFAULT;
    }

    /** How many distinct schemas (ids) and subjects are known, for the start-up log line. */
    synchronized String summary() {
        return schemasById.size() + " schemas under " + subjects.size() + " subjects, max id " + maxId;
    }

    private void putVersion(SchemaVersion entry) {
        SchemaVersion replaced = subjects.computeIfAbsent(entry.subject(), s -> new TreeMap<>())
                .put(entry.version(), entry);
        if (replaced != null) {
            release(replaced);
        }
        versionsPerId.merge(entry.id(), 1, Integer::sum);
        schemasById.putIfAbsent(entry.id(), entry.schema());
        idsByCanonical.putIfAbsent(entry.schema().canonical(), entry.id());
        maxId = Math.max(maxId, entry.id());
    }

    private void removeVersion(String subject, int version) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
        SchemaVersion removed = versions == null ? null : versions.remove(version);
        if (removed == null) {
            return;
        }
        if (versions.isEmpty()) {
            subjects.remove(subject);
        }
        release(removed);
    }

    private void release(SchemaVersion entry) {
        int left = versionsPerId.merge(entry.id(), -1, Integer::sum);
        if (left <= 0) {
            versionsPerId.remove(entry.id());
            schemasById.remove(entry.id());
            idsByCanonical.remove(entry.schema().canonical(), entry.id());
        }
    }

    private void setLevel(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    private void softDeleteUpTo(String subject, int upToVersion) {
        NavigableMap<Integer, SchemaVersion> versions = subjects.get(subject);
        if (versions != null) {
            versions.headMap(upToVersion, true).replaceAll((version, entry) -> entry.asDeleted());
        }
    }
}
