package org.levistream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/** The client against the real registry over HTTP: the API, schema evolution, failover. */
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class SchemaRegistryClientIT {
    private static final Schema INTERACTION = Interaction.getClassSchema();

    private String url;
    private HttpSchemaRegistryClient registry;

    @BeforeEach
    void connect(EmbeddedStack stack) {
        url = stack.registryUrl();
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.forUrls(url));
    }

    @AfterEach
    void disconnect() {
        registry.close();
    }

    @Test
    void registersLooksUpAndReadsBack(TestInfo info) {
        String subject = TestNames.unique(info) + "-value";

        int id = registry.register(subject, INTERACTION);

        assertThat(registry.lookup(subject, INTERACTION)).isEqualTo(new RegisteredSchema(subject, id, 1, INTERACTION));
        try (var fresh = new HttpSchemaRegistryClient(RegistryClientConfig.forUrls(url))) {
            assertThat(fresh.getById(id)).isEqualTo(INTERACTION);
            assertThat(fresh.getLatest(subject)).isEqualTo(new RegisteredSchema(subject, id, 1, INTERACTION));
            assertThat(fresh.getVersion(subject, 1).id()).isEqualTo(id);
        }
        assertThat(registry.versions(subject)).containsExactly(1);
        assertThat(registry.subjects()).contains(subject);
        assertThat(registry.register(subject, INTERACTION)).isEqualTo(id);
    }

    @Test
    void reportsUnknownIdsAndSubjectsAsNotFound(TestInfo info) {
        assertThatThrownBy(() -> registry.getById(987_654))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                    assertThat(e.url()).isEqualTo(url + "/schemas/ids/987654");
                });
        assertThatThrownBy(() -> registry.getLatest(TestNames.unique(info)))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void acceptsABackwardCompatibleChangeAndReadsOldBytesWithTheNewReader(TestInfo info) {
        String topic = TestNames.unique(info);
        Schema v2 = withField(INTERACTION, "sessionId", Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), Schema.Field.NULL_DEFAULT_VALUE);
        byte[] oldBytes = new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false)
                .serialize(topic, interaction("u1"));

        assertThat(registry.testCompatibility(topic + "-value", v2)).isEqualTo(new CompatibilityCheck(true, List.of()));
        int v2Id = registry.register(topic + "-value", v2);
        GenericRecord read = AvroDeserializer.generic(registry, v2, false).deserialize(topic, oldBytes);

        assertThat(registry.versions(topic + "-value")).containsExactly(1, 2);
        assertThat(registry.getLatest(topic + "-value").id()).isEqualTo(v2Id);
        assertThat(read.getSchema()).isEqualTo(v2);
        assertThat(read.get("userId")).hasToString("u1");
        assertThat(read.get("sessionId")).isNull();
    }

    @Test
    void refusesAnIncompatibleChangeWith409(TestInfo info) {
        String subject = TestNames.unique(info) + "-value";
        registry.register(subject, INTERACTION);
        Schema breaking = withField(INTERACTION, "deviceId", Schema.create(Schema.Type.STRING), null);

        CompatibilityCheck check = registry.testCompatibility(subject, breaking);
        assertThat(check.compatible()).isFalse();
        assertThat(check.messages()).isNotEmpty();
        assertThatThrownBy(() -> registry.register(subject, breaking))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.isIncompatible()).isTrue();
                });
        assertThat(registry.versions(subject)).containsExactly(1);
    }

    @Test
    void readsAndSetsCompatibilityLevels(TestInfo info) {
        String subject = TestNames.unique(info) + "-value";
        registry.register(subject, INTERACTION);
        CompatibilityLevel global = registry.getCompatibility();

        registry.setCompatibility(subject, CompatibilityLevel.NONE);

        assertThat(registry.getCompatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.getCompatibility()).isEqualTo(global);
        registry.register(subject, withField(INTERACTION, "deviceId", Schema.create(Schema.Type.STRING), null));
        assertThat(registry.versions(subject)).containsExactly(1, 2);
    }

    @Test
    void deletesSubjectsSoftlyAndForGood(TestInfo info) {
        String soft = TestNames.unique(info, "soft");
        String hard = TestNames.unique(info, "hard");
        int id = registry.register(soft, INTERACTION);
        registry.register(hard, INTERACTION);

        assertThat(registry.deleteSubject(soft, false)).containsExactly(1);
        assertThat(registry.deleteSubject(hard, true)).containsExactly(1);

        assertThat(registry.subjects()).doesNotContain(soft, hard);
        assertThat(registry.getById(id)).isEqualTo(INTERACTION);   // ids stay readable after a soft delete
    }

    @Test
    void failsOverFromARefusedUrlToTheRegistry(TestInfo info) {
        String subject = TestNames.unique(info) + "-value";
        var config = RegistryClientConfig.from(Map.of(RegistryClientConfig.URL,
                StubRegistryServer.closedPortUrl() + "," + url, RegistryClientConfig.RETRIES_WAIT_MS, 10));
        try (var client = new HttpSchemaRegistryClient(config)) {
            int id = client.register(subject, INTERACTION);
            assertThat(client.stats()).isEqualTo(new RequestStats(1, 1, 0));

            assertThat(client.lookup(subject, INTERACTION).id()).isEqualTo(id);
            assertThat(client.stats()).isEqualTo(new RequestStats(2, 1, 0));   // the refused URL is not tried again
        }
    }

    @Test
    void retriesWithBackoffThenGivesUpWhenNoUrlAnswers() {
        var config = RegistryClientConfig.from(Map.of(RegistryClientConfig.URL,
                StubRegistryServer.closedPortUrl() + "," + StubRegistryServer.closedPortUrl(),
                RegistryClientConfig.MAX_RETRIES, 2, RegistryClientConfig.RETRIES_WAIT_MS, 10));
        try (var client = new HttpSchemaRegistryClient(config)) {
            assertThatThrownBy(client::subjects)
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isRetriable()).isTrue());
            assertThat(client.stats()).isEqualTo(new RequestStats(1, 6, 2));   // 3 rounds x 2 URLs
        }
    }

    private static Schema withField(Schema base, String name, Schema type, Object defaultValue) {
        var fields = new ArrayList<Schema.Field>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(defaultValue == null ? new Schema.Field(name, type, "added in a test")
                : new Schema.Field(name, type, "added in a test", defaultValue));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    private static Interaction interaction(String user) {
        return Interaction.newBuilder().setUserId(user).setItemId("i").setRating(4f)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }
}
