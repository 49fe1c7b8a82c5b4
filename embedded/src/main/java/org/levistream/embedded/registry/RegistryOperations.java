package org.levistream.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registry does, independent of HTTP: registration with Confluent's id and version rules, lookups,
 * soft and permanent deletes, compatibility configuration and checks.
 *
 * <p>Reads go straight to the {@link RegistryState}. Changes are decided and written under one lock, and each
 * returns only after the topic reader has applied it; ids and versions are therefore assigned by exactly one
 * writer at a time from an up-to-date state.
 */
final class RegistryOperations {
    private static final Logger log = LoggerFactory.getLogger(RegistryOperations.class);

    private final RegistryState state;
    private final TopicStore store;
    private final ReentrantLock writeLock = new ReentrantLock();

    RegistryOperations(RegistryState state, TopicStore store) {
        this.state = state;
        this.store = store;
    }

    /**
     * Registers {@code request} under {@code subject} and returns its global id. Registering a schema that is
     * already a live version of the subject returns that version's id and writes nothing.
     *
     * @throws RegistryException 409 if incompatible, 42201 if invalid, 42205 if it names an id, 42208 bad subject
     */
    int register(String subject, SchemaRequest request) {
        requireValidSubject(subject);
        if (request.id() != null && request.id() >= 0) {
            throw RegistryException.operationNotPermitted("Subject " + subject + " is not in import mode");
        }
        AvroSchemaText candidate = AvroSchemaText.parseNew(request.avroText());
        writeLock.lock();
        try {
            List<SchemaVersion> all = state.versions(subject, true);
            Optional<SchemaVersion> existing = newestWithText(all, candidate, false);
            if (existing.isPresent()) {
                return existing.get().id();
            }
            List<String> problems = CompatibilityChecker.check(state.effectiveLevel(subject), candidate,
                    CompatibilityChecker.Previous.live(all));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(subject, problems);
            }
            int id = state.idOf(candidate.canonical()).orElse(state.maxId() + 1);
            int version = all.isEmpty() ? 1 : all.get(all.size() - 1).version() + 1;
            store.append(registration(all, new SchemaVersion(subject, version, id, candidate, false)));
            log.debug("Registered {} version {} as id {}", subject, version, id);
            return id;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The newest version of {@code subject} whose schema is the requested one.
     *
     * @throws RegistryException 40401 if the subject has no (matching-visibility) versions, 40403 if none matches
     */
    SchemaVersion lookup(String subject, SchemaRequest request, boolean includeDeleted) {
        AvroSchemaText candidate = AvroSchemaText.parseStored(request.avroText());
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        return newestWithText(versions, candidate, includeDeleted).orElseThrow(() -> versions.isEmpty()
                ? RegistryException.subjectNotFound(subject) : RegistryException.schemaNotFound());
    }

    List<String> subjects(boolean includeDeleted, String prefix) {
        return state.subjects(includeDeleted).stream().filter(s -> prefix == null || s.startsWith(prefix)).toList();
    }

    /** @throws RegistryException 40401 if the subject has no versions of the requested visibility */
    List<Integer> versionNumbers(String subject, boolean includeDeleted) {
        List<SchemaVersion> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(SchemaVersion::version).toList();
    }

    /** @throws RegistryException 42202 bad version, 40401 no such subject, 40402 no such version */
    SchemaVersion version(String subject, String version, boolean includeDeleted) {
        VersionId id = VersionId.parse(version);
        Optional<SchemaVersion> found = id.isLatest() ? state.latest(subject, includeDeleted)
                : state.version(subject, id.value(), includeDeleted);
        return found.orElseThrow(() -> state.versions(subject, includeDeleted).isEmpty()
                ? RegistryException.subjectNotFound(subject) : RegistryException.versionNotFound(id.value()));
    }

    /**
     * Soft-deletes every live version of {@code subject}, or, with {@code permanent}, erases a soft-deleted subject.
     *
     * @return the versions deleted
     * @throws RegistryException 40401 unknown subject, 40404 already soft-deleted, 40405 permanent before soft
     */
    List<Integer> deleteSubject(String subject, boolean permanent) {
        writeLock.lock();
        try {
            List<SchemaVersion> all = state.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<SchemaVersion> live = all.stream().filter(v -> !v.deleted()).toList();
            if (permanent) {
                return erase(subject, all, live);
            }
            if (live.isEmpty()) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            var writes = new ArrayList<TopicStore.Write>();
            int upTo = live.get(live.size() - 1).version();
            writes.add(new TopicStore.Write(StoreFormat.deleteSubjectKey(subject),
                    StoreFormat.deleteSubjectValue(subject, upTo)));
            // Confluent drops a soft-deleted subject's own compatibility level with it.
            state.subjectLevel(subject).ifPresent(level -> writes.add(configTombstone(subject)));
            store.append(writes);
            log.debug("Soft-deleted {} up to version {}", subject, upTo);
            return live.stream().map(SchemaVersion::version).toList();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Soft-deletes one version, or, with {@code permanent}, erases a soft-deleted one.
     *
     * @return the version deleted
     * @throws RegistryException 42202, 40401, 40402, 40406 already soft-deleted, 40407 permanent before soft
     */
    int deleteVersion(String subject, String version, boolean permanent) {
        VersionId id = VersionId.parse(version);
        writeLock.lock();
        try {
            // "latest" means the newest live version for a soft delete, the newest of all for a permanent one.
            SchemaVersion target = this.version(subject, version, permanent || !id.isLatest());
            if (!permanent && target.deleted()) {
                throw RegistryException.versionSoftDeleted(subject, version);
            }
            if (permanent && !target.deleted()) {
                throw RegistryException.versionNotSoftDeleted(subject, version);
            }
            store.append(versionDeletion(target, permanent));
            log.debug("Deleted {} version {}{}", subject, target.version(), permanent ? " permanently" : "");
            return target.version();
        } finally {
            writeLock.unlock();
        }
    }

    /** @throws RegistryException 40403 if no version (live or soft-deleted) has this id */
    AvroSchemaText schema(int id) {
        return state.schema(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    /** @throws RegistryException 40403 if no version (live or soft-deleted) has this id */
    List<SchemaVersion> versionsWithId(int id, boolean includeDeleted) {
        schema(id);
        return state.versionsWithId(id, includeDeleted);
    }

    /** The largest id this registry has read or given, for {@code ?fetchMaxId=true}. */
    int maxId() {
        return state.maxId();
    }

    CompatibilityLevel globalLevel() {
        return state.globalLevel().orElse(CompatibilityLevel.DEFAULT);
    }

    /** @throws RegistryException 40408 if the subject has no level of its own and {@code defaultToGlobal} is false */
    CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> own = state.subjectLevel(subject);
        if (own.isPresent() || defaultToGlobal) {
            return own.orElseGet(this::globalLevel);
        }
        throw RegistryException.subjectCompatibilityNotConfigured(subject);
    }

    /**
     * Sets the level of {@code subject}, or the global level when {@code subject} is null.
     *
     * @throws RegistryException 42203 if {@code level} names no level, 42208 for an invalid subject
     */
    CompatibilityLevel setLevel(String subject, String level) {
        if (subject != null) {
            requireValidSubject(subject);
        }
        CompatibilityLevel parsed = CompatibilityLevel.forName(level)
                .orElseThrow(RegistryException::invalidCompatibilityLevel);
        writeLocked(List.of(new TopicStore.Write(StoreFormat.configKey(subject), StoreFormat.configValue(parsed))));
        log.debug("Compatibility of {} set to {}", subject == null ? "the registry" : subject, parsed);
        return parsed;
    }

    /**
     * Removes the level of {@code subject} (null: the global level, which falls back to BACKWARD).
     *
     * @return the level removed
     * @throws RegistryException 40401 if the subject has no level of its own
     */
    CompatibilityLevel deleteLevel(String subject) {
        writeLock.lock();
        try {
            CompatibilityLevel removed = subject == null ? globalLevel()
                    : state.subjectLevel(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject));
            store.append(List.of(configTombstone(subject)));
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Checks {@code request} against one version of {@code subject} ({@code version} non-null) or against every
     * live version as a registration would ({@code version} null), under the subject's level.
     *
     * @return why it is incompatible; empty if compatible, or if {@code latest} is asked of an empty subject
     * @throws RegistryException 42202 bad version, 40402 no such version, 42201 invalid schema
     */
    List<String> compatibility(String subject, String version, SchemaRequest request) {
        AvroSchemaText candidate = AvroSchemaText.parseNew(request.avroText());
        List<CompatibilityChecker.Previous> against;
        if (version == null) {
            against = CompatibilityChecker.Previous.live(state.versions(subject, false));
        } else {
            VersionId id = VersionId.parse(version);
            Optional<SchemaVersion> target = id.isLatest() ? state.latest(subject, false)
                    : state.version(subject, id.value(), false);
            if (target.isEmpty() && !id.isLatest()) {
                throw RegistryException.versionNotFound(id.value());
            }
            against = CompatibilityChecker.Previous.live(target.stream().toList());
        }
        return CompatibilityChecker.check(state.effectiveLevel(subject), candidate, against);
    }

    private List<TopicStore.Write> registration(List<SchemaVersion> all, SchemaVersion added) {
        var writes = new ArrayList<TopicStore.Write>();
        // As Confluent does: a soft-deleted older version with the same id gives way to the new one.
        for (SchemaVersion old : all) {
            if (old.deleted() && old.id() == added.id()) {
                writes.add(new TopicStore.Write(StoreFormat.schemaKey(old.subject(), old.version()), null));
            }
        }
        writes.add(new TopicStore.Write(StoreFormat.schemaKey(added.subject(), added.version()),
                StoreFormat.schemaValue(added)));
        return writes;
    }

    private List<Integer> erase(String subject, List<SchemaVersion> all, List<SchemaVersion> live) {
        if (!live.isEmpty()) {
            throw RegistryException.subjectNotSoftDeleted(subject);
        }
        var tombstones = all.stream()
                .map(v -> new TopicStore.Write(StoreFormat.schemaKey(subject, v.version()), null)).toList();
        store.append(tombstones);
        log.debug("Permanently deleted {} ({} versions)", subject, all.size());
        return all.stream().map(SchemaVersion::version).toList();
    }

    private List<TopicStore.Write> versionDeletion(SchemaVersion target, boolean permanent) {
        byte[] key = StoreFormat.schemaKey(target.subject(), target.version());
        if (permanent) {
            return List.of(new TopicStore.Write(key, null));
        }
        var writes = new ArrayList<TopicStore.Write>();
        writes.add(new TopicStore.Write(key, StoreFormat.schemaValue(target.asDeleted())));
        boolean lastLive = state.versions(target.subject(), false).size() == 1;
        if (lastLive && state.subjectLevel(target.subject()).isPresent()) {
            writes.add(configTombstone(target.subject()));
        }
        return writes;
    }

    private void writeLocked(List<TopicStore.Write> writes) {
        writeLock.lock();
        try {
            store.append(writes);
        } finally {
            writeLock.unlock();
        }
    }

    private static TopicStore.Write configTombstone(String subject) {
        return new TopicStore.Write(StoreFormat.configKey(subject), null);
    }

    private static Optional<SchemaVersion> newestWithText(List<SchemaVersion> versions, AvroSchemaText schema,
                                                          boolean includeDeleted) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            SchemaVersion v = versions.get(i);
            if ((includeDeleted || !v.deleted()) && v.schema().canonical().equals(schema.canonical())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    // Confluent's rule: any name without ISO control characters.
    private static void requireValidSubject(String subject) {
        if (subject == null || subject.isEmpty() || subject.chars().anyMatch(Character::isISOControl)) {
            throw RegistryException.invalidSubject(subject);
        }
    }
}
