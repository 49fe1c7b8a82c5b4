package org.levistream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;

@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class EmbeddedKafkaIT {

    @Test
    void roundTripsRecordsOverTcp(EmbeddedKafka kafka, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        kafka.createTopic(topic, 2, Map.of());
        try (var producer = producer(kafka, Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        List<String> values = Records.readUntil(kafka, topic, "read_uncommitted", 10, "v9");
        assertThat(values).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions(EmbeddedKafka kafka, TestInfo info) {
        String topic = TestNames.unique(info);
        kafka.createTopic(topic, 1, Map.of());
        try (var producer = producer(kafka, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestNames.unique(info, "tx")))) {
            producer.initTransactions();
            sendInTransaction(producer, topic, List.of("committed-1", "committed-2"), true);
            sendInTransaction(producer, topic, List.of("aborted-1", "aborted-2"), false);
            sendInTransaction(producer, topic, List.of("committed-3"), true);
        }

        assertThat(Records.readUntil(kafka, topic, "read_committed", 3, "committed-3"))
                .containsExactly("committed-1", "committed-2", "committed-3");
        // The aborted records were written to the log: only the isolation level hides them.
        assertThat(Records.readUntil(kafka, topic, "read_uncommitted", 5, "committed-3"))
                .containsExactly("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3");
    }

    @Test
    void createTopicAcceptsAnExistingTopic(EmbeddedKafka kafka, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        kafka.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(topic, 1, Map.of());

        try (var admin = Admin.create(kafka.clientProperties())) {
            var description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(3);
        }
    }

    @Test
    void clientPropertiesHoldOnlyTheBootstrapServers(EmbeddedKafka kafka) {
        assertThat(kafka.clientProperties())
                .containsExactly(Map.entry("bootstrap.servers", kafka.bootstrapServers()));
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, Map<String, String> extra) {
        Properties props = kafka.clientProperties();
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, List<String> values,
                                          boolean commit) {
        producer.beginTransaction();
        values.forEach(v -> producer.send(new ProducerRecord<>(topic, v)));
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();   // make sure the records reach the log before the abort marker does
            producer.abortTransaction();
        }
    }
}
