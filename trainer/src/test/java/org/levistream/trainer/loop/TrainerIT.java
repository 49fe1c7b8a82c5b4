package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.checkpoint.Retention;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.Topics;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * A bounded run on the embedded broker, end to end: poison records are dead-lettered with their bytes and
 * provenance and the run goes on; it stops at its end offsets with a final checkpoint there; every durable
 * checkpoint is announced on the checkpoint topic, group offsets follow checkpoints, metrics are served.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class TrainerIT {
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    @Test
    void trainsToItsEndDeadLettersPoisonAndAnnouncesEveryCheckpoint(EmbeddedStack stack, TestInfo info)
            throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, PARTITIONS, Map.of());
        List<byte[]> values = new ArrayList<>(Interactions.encode(stack, topic, Interactions.generate(240, 3)));
        byte[] badMagic = {1, 0, 0, 0, 1, 2, 3};
        values.add(7, badMagic);
        values.add(100, nanRating(stack, topic));
        Interactions.produce(stack, topic, PARTITIONS, values, 50, true);
        Map<TopicPartition, Long> end = Topics.endOffsets(stack, topic, PARTITIONS);
        stack.broker().createTopic(topic + ".holdout", 2, Map.of());
        Interactions.produce(stack, topic + ".holdout", 2, Interactions.encode(stack, topic + ".holdout",
                Interactions.generate(60, 4)), 60, false);

        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "it", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.end", "end");
        settings.put("trainer.metrics.port", "0");
        settings.put("trainer.holdout.topic", topic + ".holdout");
        settings.put("trainer.holdout.sample", "40");
        var checkpointed = new CopyOnWriteArrayList<TrainerListener.CheckpointWritten>();
        TrainerListener listener = new TrainerListener() {
            @Override public void checkpointed(CheckpointWritten c) {
                checkpointed.add(c);
            }
        };
        String scrape;
        TrainerService.Outcome outcome;
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), listener)) {
            int port = trainer.metricsPort(Duration.ofSeconds(30));
            scrape = get("http://localhost:" + port + "/metrics");
            outcome = trainer.awaitTermination(Duration.ofSeconds(90)).orElseThrow();
            assertThat(trainer.failure()).isEmpty();
        }

        assertThat(outcome).isEqualTo(TrainerService.Outcome.FINISHED);
        assertThat(scrape).contains("levi_trainer_samples_total", "levi_trainer_lag", "levi_trainer_device");
        TrainerCheckpoint last = new Checkpointer(dir.resolve("ckpt/it"), new Retention(1, 0)).load(-1).metadata();
        assertThat(PartitionPosition.mapOf(last.nextOffsets())).isEqualTo(end);
        assertThat(last.recordsTrained()).isEqualTo(240);
        assertThat(last.poisonRecords()).isEqualTo(2);
        assertThat(last.step()).isEqualTo(15); // 240 records in batches of 16
        assertThat(last.schemaIds()).hasSize(1);
        assertThat(last.validation()).containsEntry("examples", 40.0).containsKeys("rmse", "mae");
        // Step 15 may be written twice: once when due, once more if the end marker then moved past trailing markers.
        assertThat(checkpointed).extracting(TrainerListener.CheckpointWritten::step).doesNotHaveDuplicates()
                .containsSubsequence(5L, 10L, 15L);

        assertDeadLetters(stack, topic + ".deadletter", badMagic);
        assertCheckpointEvents(stack, topic + ".checkpoints", last);
        assertThat(committed(stack, "levi-trainer.it", end.keySet())).isEqualTo(end);
    }

    /**
     * The training thread wakes a parked feed only when the queue runs low. With a queue of one batch that is every
     * step; were the wake-up lost, each of the 100 steps would wait for the feed's 100 ms backstop, 10 s in all.
     */
    @Test
    void aFullFeedIsWokenWhenItsQueueRunsLowNotByItsBackstop(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 1, Map.of());
        Interactions.produce(stack, topic, 1, Interactions.encode(stack, topic, Interactions.generate(1600, 9)), 800,
                false);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "handoff", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.end", "end");
        settings.put("trainer.queue.depth", "1");
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FINISHED);
            var meters = trainer.meterRegistry();
            assertThat(meters.get("levi.trainer.step").timer().count()).isEqualTo(100);
            assertThat(meters.get("levi.trainer.feed.wait").timer().totalTime(TimeUnit.SECONDS))
                    .as("seconds the training thread waited for batches").isLessThan(3);
        }
    }

    @Test
    void goesOnWhenAnOptionalFieldAppearsInTheSchemaMidStream(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 1, Map.of());
        var events = Interactions.generate(96, 8);
        List<byte[]> values = new ArrayList<>(Interactions.encode(stack, topic, events.subList(0, 48)));
        values.addAll(withNewField(stack, topic, events.subList(48, 96)));
        Interactions.produce(stack, topic, 1, values, 96, false);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "evolve", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.end", "end");
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FINISHED);
        }
        TrainerCheckpoint last = new Checkpointer(dir.resolve("ckpt/evolve"), new Retention(1, 0)).load(-1).metadata();
        assertThat(last.recordsTrained()).isEqualTo(96);
        assertThat(last.poisonRecords()).isZero();
        assertThat(last.schemaIds()).as("the old and the new writer schema").hasSize(2);
    }

    @Test
    void failsWhenACheckpointCannotBeWrittenInsteadOfTrainingOn(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 1, Map.of());
        Interactions.produce(stack, topic, 1, Interactions.encode(stack, topic, Interactions.generate(160, 9)), 160,
                false);
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "unwritable", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.end", "end");
        Path folder = dir.resolve("ckpt/unwritable");
        var checkpointed = new CopyOnWriteArrayList<TrainerListener.CheckpointWritten>();
        TrainerListener listener = new TrainerListener() {
            @Override public void started(String from) {
                // The folder was opened; a file in its place makes every checkpoint write fail from now on.
                try {
                    java.nio.file.Files.delete(folder.resolve(".trainer.lock"));   // held open; Linux lets it go
                    java.nio.file.Files.delete(folder);
                    java.nio.file.Files.writeString(folder, "not a folder");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override public void checkpointed(CheckpointWritten c) {
                checkpointed.add(c);
            }
        };
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), listener)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FAILED);
            assertThat(trainer.failure()).get().isInstanceOf(java.io.IOException.class);
        }
        assertThat(checkpointed).isEmpty();
    }

    /** Interactions written with a newer schema: one more optional field, as a producer upgraded mid-stream would. */
    private static List<byte[]> withNewField(EmbeddedStack stack, String topic,
                                             List<org.levistream.schemas.domain.InteractionEvent> events) {
        org.apache.avro.Schema v1 = Interaction.getClassSchema();
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        v1.getFields().forEach(f -> fields.add(new org.apache.avro.Schema.Field(f, f.schema())));
        org.apache.avro.Schema optionalString = org.apache.avro.Schema.createUnion(
                org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL),
                org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING));
        fields.add(new org.apache.avro.Schema.Field("device", optionalString, "The rating device.",
                org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE));
        org.apache.avro.Schema v2 = org.apache.avro.Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(),
                false, fields);
        try (var registry = Interactions.registry(stack)) {
            var serializer = new AvroSerializer<org.apache.avro.generic.GenericRecord>(registry,
                    AvroSerdeConfig.defaults(), false);
            List<byte[]> out = new ArrayList<>();
            for (var e : events) {
                Interaction old = org.levistream.schemas.domain.AvroMapping.toAvro(e);
                var record = new org.apache.avro.generic.GenericData.Record(v2);
                v1.getFields().forEach(f -> record.put(f.name(), old.get(f.name())));
                record.put("eventTime", e.eventTime().toEpochMilli()); // generic data has no logical-type conversion
                record.put("device", "phone");
                out.add(serializer.serialize(topic, record));
            }
            return out;
        }
    }

    private static void assertDeadLetters(EmbeddedStack stack, String dlq, byte[] badMagic) {
        List<ConsumerRecord<byte[], byte[]>> dead = Topics.read(stack, dlq, 2);
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> header(r, "levi.dlq.reason"))
                .containsExactlyInAnyOrder("decode", "invalid.record");
        ConsumerRecord<byte[], byte[]> decode = dead.stream().filter(r -> header(r, "levi.dlq.reason").equals("decode"))
                .findFirst().orElseThrow();
        assertThat(decode.value()).isEqualTo(badMagic);
        assertThat(decode.key()).isEqualTo("k7".getBytes(StandardCharsets.UTF_8));
        assertThat(header(decode, "levi.dlq.service")).isEqualTo("trainer");
        assertThat(header(decode, "levi.dlq.source.partition")).isEqualTo(Integer.toString(7 % PARTITIONS));
        assertThat(header(decode, "levi.dlq.source.offset")).isNotBlank();
        assertThat(header(decode, "levi.dlq.message")).contains("magic byte");
    }

    private static void assertCheckpointEvents(EmbeddedStack stack, String topic, TrainerCheckpoint last) {
        List<ConsumerRecord<byte[], byte[]>> records = Topics.read(stack, topic, 3);
        try (var registry = Interactions.registry(stack)) {
            var deserializer = AvroDeserializer.specific(CheckpointEvent.class, registry, false);
            List<CheckpointEvent> events = records.stream().map(r -> deserializer.deserialize(topic, r.value())).toList();
            assertThat(events).extracting(CheckpointEvent::getVersion).containsSubsequence(5L, 10L, 15L)
                    .allMatch(v -> v == 5L || v == 10L || v == 15L);
            CheckpointEvent newest = events.get(events.size() - 1);
            assertThat(newest.getExperiment()).isEqualTo("it");
            assertThat(newest.getMethod()).isEqualTo("levi");
            assertThat(newest.getContentHash()).hasSize(64);
            assertThat(newest.getBackboneHash()).hasSize(64);
            assertThat(newest.getValidationMetrics()).containsEntry("rmse", last.validation().get("rmse"));
            assertThat(newest.getNextOffsets()).extracting(o -> new PartitionPosition(o.getTopic(), o.getPartition(),
                    o.getOffset())).containsExactlyElementsOf(last.nextOffsets());
            assertThat(records).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("it"));
        }
    }

    private static Map<TopicPartition, Long> committed(EmbeddedStack stack, String group, java.util.Set<TopicPartition> tps)
            throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> out = new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            offsets.forEach((tp, o) -> out.put(tp, o.offset()));
            assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(tps);
            return org.levistream.trainer.position.PartitionOffsets.sortedCopy(out);
        }
    }

    private static byte[] nanRating(EmbeddedStack stack, String topic) {
        try (var registry = Interactions.registry(stack)) {
            Interaction bad = Interaction.newBuilder().setUserId("u1").setItemId("i1").setRating(Float.NaN)
                    .setEventTime(Instant.parse("2005-01-01T00:00:00Z")).build();
            return new AvroSerializer<Interaction>(registry, AvroSerdeConfig.defaults(), false).serialize(topic, bad);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
