package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.StubRegistryServer;
import org.levistream.schemas.registry.StubRegistryServer.Request;

/** The Kafka path: a serde made with the no-arg constructor and configured from Confluent's keys. */
@Timeout(30)
class ConfiguredSerdeTest {
    private final StubRegistryServer stub = new StubRegistryServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void configuredSerializerRegistersWithBasicAuthAndFramesTheId() {
        stub.then(200, "{\"id\":5}");
        var serializer = new AvroSerializer<Interaction>();
        serializer.configure(Map.of("schema.registry.url", stub.url(),
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "svc:pa55"), false);

        byte[] bytes = serializer.serialize("levi.interactions", Fixtures.interaction("u"));
        serializer.close();

        assertThat(WireFormat.readSchemaId(bytes, 0)).isEqualTo(5);
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/subjects/levi.interactions-value/versions");
            assertThat(r.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString("svc:pa55".getBytes(StandardCharsets.UTF_8)));
        });
    }

    @Test
    void configuredSerdeSharesOneClientBetweenItsHalves() {
        stub.then(200, "{\"id\":9}");
        Serde<Object> serde = new AvroSerde<>();
        serde.configure(Map.of("schema.registry.url", stub.url(), "specific.avro.reader", "true",
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false);

        byte[] bytes = serde.serializer().serialize("t", Fixtures.interaction("u"));
        Object read = serde.deserializer().deserialize("t", bytes);   // id 9's schema is cached by the register
        serde.close();

        assertThat(read).isEqualTo(Fixtures.interaction("u"));
        assertThat(stub.requests()).extracting(Request::path)
                .containsExactly("/subjects/org.levistream.schemas.avro.Interaction/versions");
    }

    @Test
    void configuredDeserializerFetchesTheWriterSchemaWithCredentialsFromTheUrl() {
        stub.then(200, "{\"schema\":" + quoted(Interaction.getClassSchema().toString()) + "}");
        byte[] bytes = new AvroSerializer<Interaction>(
                new org.levistream.schemas.registry.InMemorySchemaRegistryClient(), AvroSerdeConfig.defaults(), false)
                .serialize("t", Fixtures.interaction("u"));
        var deserializer = new AvroDeserializer<Object>();
        deserializer.configure(Map.of("schema.registry.url", stub.url().replace("http://", "http://app:pw@"),
                "specific.avro.reader", true), false);

        Object read = deserializer.deserialize("t", bytes);
        deserializer.close();

        assertThat(read).isEqualTo(Fixtures.interaction("u"));
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/schemas/ids/1");
            assertThat(r.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString("app:pw".getBytes(StandardCharsets.UTF_8)));
        });
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
