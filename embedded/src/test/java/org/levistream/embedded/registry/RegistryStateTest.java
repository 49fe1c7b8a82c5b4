package org.levistream.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RegistryStateTest {
    private static final AvroSchemaText A = AvroSchemaText.parseNew("\"string\"");
    private static final AvroSchemaText B = AvroSchemaText.parseNew("\"int\"");

    private final RegistryState state = new RegistryState();

    @Test
    void findsAnIdByCanonicalTextAcrossSubjects() {
        put("s1", 1, 1, A);
        put("s2", 1, 1, A);
        put("s2", 2, 2, B);

        assertThat(state.idOf(A.canonical())).hasValue(1);
        assertThat(state.idOf(B.canonical())).hasValue(2);
        assertThat(state.versionsWithId(1, false)).extracting(SchemaVersion::subject).containsExactly("s1", "s2");
        assertThat(state.maxId()).isEqualTo(2);
    }

    @Test
    void hidesSoftDeletedVersionsButKeepsTheirIds() {
        put("s", 1, 1, A);
        put("s", 2, 2, B);

        state.apply(new StoreRecord.SubjectDeleted("s", 2));

        assertThat(state.subjects(false)).isEmpty();
        assertThat(state.subjects(true)).containsExactly("s");
        assertThat(state.versions("s", false)).isEmpty();
        assertThat(state.versions("s", true)).allMatch(SchemaVersion::deleted).hasSize(2);
        assertThat(state.schema(1)).hasValue(A);
    }

    @Test
    void forgetsAnIdWithItsLastVersionButNeverLowersTheMaxId() {
        put("s1", 1, 1, A);
        put("s2", 1, 1, A);
        put("s2", 2, 2, B);

        state.apply(new StoreRecord.SchemaTombstone("s2", 2));
        state.apply(new StoreRecord.SchemaTombstone("s2", 1));

        assertThat(state.schema(2)).isEmpty();
        assertThat(state.schema(1)).hasValue(A);
        assertThat(state.subjects(true)).containsExactly("s1");
        assertThat(state.maxId()).isEqualTo(2);
    }

    @Test
    void prefersTheSubjectsLevelThenTheGlobalOneThenBackward() {
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.BACKWARD);

        state.apply(new StoreRecord.ConfigPut(null, CompatibilityLevel.FULL));
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);

        state.apply(new StoreRecord.ConfigPut("s", CompatibilityLevel.NONE));
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.effectiveLevel("other")).isEqualTo(CompatibilityLevel.FULL);

        state.apply(new StoreRecord.ConfigPut("s", null));
        assertThat(state.subjectLevel("s")).isEmpty();
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void reportsTheLatestLiveVersion() {
        put("s", 1, 1, A);
        put("s", 2, 2, B);
        state.apply(new StoreRecord.SchemaPut(new SchemaVersion("s", 2, 2, B, true)));

        assertThat(state.latest("s", false)).get().extracting(SchemaVersion::version).isEqualTo(1);
        assertThat(state.latest("s", true)).get().extracting(SchemaVersion::version).isEqualTo(2);
    }

    private void put(String subject, int version, int id, AvroSchemaText schema) {
        state.apply(new StoreRecord.SchemaPut(new SchemaVersion(subject, version, id, schema, false)));
    }
}
