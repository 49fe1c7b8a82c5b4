package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.RegistryClientConfig;

/** The serde through a real broker (TCP) and the real registry (HTTP), both ways of building it. */
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class AvroSerdeIT {
    private HttpSchemaRegistryClient registry;
    private String bootstrap;
    private String registryUrl;

    @BeforeEach
    void connect(EmbeddedStack stack) {
        bootstrap = stack.bootstrapServers();
        registryUrl = stack.registryUrl();
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.forUrls(registryUrl));
    }

    @AfterEach
    void disconnect() {
        registry.close();
    }

    @Test
    void roundTripsGeneratedRecordsThroughTopics(TestInfo info) {
        roundTrip(TestNames.unique(info, "interactions"), Interaction.class,
                List.of(Fixtures.interaction("u1"), Fixtures.bareInteraction("u2")));
        roundTrip(TestNames.unique(info, "images"), ImageRecord.class, List.of(Fixtures.image()));
        roundTrip(TestNames.unique(info, "checkpoints"), CheckpointEvent.class, List.of(Fixtures.checkpoint()));
    }

    private <T extends SpecificRecord> void roundTrip(String topic, Class<T> type, List<T> records) {
        TopicIo.createTopics(bootstrap, topic);
        TopicIo.produce(bootstrap, topic, new AvroSerializer<T>(registry, AvroSerdeConfig.defaults(), false), records);

        assertThat(TopicIo.consume(bootstrap, topic, AvroDeserializer.specific(type, registry, false), records.size()))
                .containsExactlyElementsOf(records);
        assertThat(registry.getLatest(topic + "-value").schema()).isEqualTo(records.get(0).getSchema());
    }

    @Test
    void kafkaConfiguredClientsRoundTripGenericAndSpecificRecords(TestInfo info) {
        String topic = TestNames.unique(info);
        TopicIo.createTopics(bootstrap, topic);
        GenericRecord old = Fixtures.interactionV0Record("u1");
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        producerProps.put(RegistryClientConfig.URL, registryUrl);
        try (var producer = new KafkaProducer<String, Object>(producerProps)) {
            producer.send(new ProducerRecord<>(topic, "a", old));
            producer.send(new ProducerRecord<>(topic, "b", Fixtures.interaction("u2")));
        }

        assertThat(consumeConfigured(topic, Map.of())).extracting(v -> ((GenericRecord) v).get("userId").toString())
                .containsExactly("u1", "u2");
        // Old and new bytes both read with the newer generated class.
        assertThat(consumeConfigured(topic, Map.of(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, Interaction.class.getName())))
                .extracting(v -> ((Interaction) v).getUserId(), v -> ((Interaction) v).getContext())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("u1", Map.of()),
                        org.assertj.core.groups.Tuple.tuple("u2", Fixtures.interaction("u2").getContext()));
    }

    private List<Object> consumeConfigured(String topic, Map<String, Object> extra) {
        Properties props = TopicIo.consumerProps(bootstrap, topic + "-" + extra.size());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class);
        props.put(RegistryClientConfig.URL, registryUrl);
        props.putAll(extra);
        try (var consumer = new KafkaConsumer<String, Object>(props)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            return TopicIo.poll(consumer, 2).stream().map(r -> r.value()).toList();
        }
    }

    @Test
    void givesTheSameIdToTheSameSchemaInTwoSubjects(TestInfo info) {
        String a = TestNames.unique(info, "a");
        String b = TestNames.unique(info, "b");
        var serializer = new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false);

        int idA = WireFormat.readSchemaId(serializer.serialize(a, Fixtures.interaction("u")), 0);
        int idB = WireFormat.readSchemaId(serializer.serialize(b, Fixtures.interaction("u")), 0);

        assertThat(idA).isEqualTo(idB);
        assertThat(registry.subjects()).contains(a + "-value", b + "-value");
        assertThat(registry.lookup(b + "-value", Interaction.getClassSchema()).id()).isEqualTo(idA);
    }

    @Test
    void badBytesReachTheCallerWithTopicPartitionAndOffset(TestInfo info) {
        String topic = TestNames.unique(info);
        TopicIo.createTopics(bootstrap, topic);
        byte[] good = new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false)
                .serialize(topic, Fixtures.interaction("u1"));
        byte[] badMagic = good.clone();
        badMagic[0] = 1;
        byte[] unknownId = good.clone();
        WireFormat.writeHeader(unknownId, 987_654);
        TopicIo.produce(bootstrap, topic, new ByteArraySerializer(), List.of(good, badMagic, unknownId, good));

        try (var consumer = new KafkaConsumer<>(TopicIo.consumerProps(bootstrap, topic), new StringDeserializer(),
                AvroDeserializer.specific(Interaction.class, registry, false))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));

            assertThat(TopicIo.poll(consumer, 1)).extracting(r -> r.value().getUserId()).containsExactly("u1");
            assertPoison(consumer, partition, 1, "unknown magic byte 0x01");
            consumer.seek(partition, 2);   // what a dead-lettering caller does: skip past and go on
            assertPoison(consumer, partition, 2, "schema id 987654 is unknown to the registry");
            consumer.seek(partition, 3);
            assertThat(TopicIo.poll(consumer, 1)).extracting(r -> r.offset()).containsExactly(3L);
        }
    }

    private static void assertPoison(KafkaConsumer<String, Interaction> consumer, TopicPartition partition,
                                     long offset, String reason) {
        assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(RecordDeserializationException.class, e -> {
                    assertThat(e.topicPartition()).isEqualTo(partition);
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.origin()).isEqualTo(RecordDeserializationException.DeserializationExceptionOrigin.VALUE);
                    assertThat(e.getCause()).isInstanceOf(SerializationException.class)
                            .hasMessageContaining("topic '" + partition.topic() + "'")
                            .hasMessageContaining(reason);
                });
    }
}
