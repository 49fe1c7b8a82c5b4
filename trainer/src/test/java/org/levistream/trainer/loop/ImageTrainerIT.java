package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.checkpoint.Retention;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.testing.Images;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.Topics;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * {@code trainer.features=image} end to end on the embedded broker: a bounded run over an image topic trains on
 * every good image, dead-letters the three kinds of image the model cannot take (whole, with their reasons), scores
 * accuracy and NLL on the image holdout at every checkpoint, announces each version, and keeps the most accurate
 * checkpoint besides the newest. Every method trains from an image topic.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class ImageTrainerIT {
    private static final int PARTITIONS = 2;
    private static final int IMAGES = 320;

    @TempDir
    java.nio.file.Path dir;

    @Test
    void trainsOnImagesDeadLettersWhatTheModelCannotTakeAndValidatesByAccuracy(EmbeddedStack stack, TestInfo info)
            throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, PARTITIONS, Map.of());
        List<byte[]> values = new ArrayList<>(encode(stack, topic, Images.generate(IMAGES, 1)));
        byte[] wrongSize = encode(stack, topic, List.of(ImageEvent.grey("big", 1, 32, 32, new byte[1024], "generated",
                Instant.EPOCH))).get(0);
        byte[] badLabel = encode(stack, topic, List.of(ImageEvent.grey("label", 10, 28, 28, new byte[784],
                "generated", Instant.EPOCH))).get(0);
        byte[] badPng = brokenPng(stack, topic);
        values.add(5, wrongSize);
        values.add(50, badLabel);
        values.add(150, badPng);
        Interactions.produce(stack, topic, PARTITIONS, values, 100, true);
        Map<TopicPartition, Long> end = Topics.endOffsets(stack, topic, PARTITIONS);
        String holdout = topic + ".holdout";
        stack.broker().createTopic(holdout, 1, Map.of());
        Interactions.produce(stack, holdout, 1, encode(stack, holdout, Images.generate(64, 2)), 64, false);

        Map<String, String> settings = TrainerSettingsFixture.tinyImages(stack, topic, "img", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.storeImageBackbone(dir.resolve("store")));
        settings.put("trainer.end", "end");
        settings.put("trainer.holdout.topic", holdout);
        settings.put("trainer.holdout.sample", "64");
        settings.put("trainer.checkpoint.retain.last", "1");
        settings.put("trainer.checkpoint.retain.best", "1");
        var checkpointed = new CopyOnWriteArrayList<TrainerListener.CheckpointWritten>();
        TrainerListener listener = new TrainerListener() {
            @Override public void checkpointed(CheckpointWritten c) {
                checkpointed.add(c);
            }
        };
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), listener)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(90))).contains(TrainerService.Outcome.FINISHED);
            assertThat(trainer.failure()).isEmpty();
            assertThat(trainer.meterRegistry().get("levi.records.dead.lettered").counters())
                    .extracting(c -> c.getId().getTag("reason")).containsExactlyInAnyOrder("image.wrong.size",
                            "label.out.of.range", "image.undecodable");
        }

        TrainerCheckpoint last = new Checkpointer(dir.resolve("ckpt/img"), new Retention(1, 0)).load(-1).metadata();
        assertThat(PartitionPosition.mapOf(last.nextOffsets())).isEqualTo(end);
        assertThat(last.recordsTrained()).isEqualTo(IMAGES);
        assertThat(last.poisonRecords()).isEqualTo(3);
        assertThat(last.step()).isEqualTo(IMAGES / 16);
        assertThat(last.validation()).containsEntry("examples", 64.0).containsKeys("accuracy", "nll")
                .doesNotContainKeys("rmse", "mae");
        assertThat(last.validation().get("accuracy")).as("ten classes of bars, learned well beyond chance")
                .isGreaterThan(0.3);
        assertKeptTheMostAccurate(checkpointed, dir.resolve("ckpt/img"));
        assertDeadLetters(stack, topic + ".deadletter", List.of(wrongSize, badLabel, badPng));
        assertAnnounced(stack, topic + ".checkpoints", last);
    }

    @ParameterizedTest
    @ValueSource(strings = {"levi", "ft", "lp", "lp-ft", "small-only", "last-layer-head", "levi-last-layer"})
    void everyMethodTrainsFromAnImageTopic(String method, EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info) + "-" + method;
        stack.broker().createTopic(topic, 1, Map.of());
        Interactions.produce(stack, topic, 1, encode(stack, topic, Images.generate(80, 3)), 80, false);
        Map<String, String> settings = TrainerSettingsFixture.tinyImages(stack, topic, method, dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.storeImageBackbone(dir.resolve("store")));
        settings.put("trainer.end", "end");
        settings.put("model.method", method);
        settings.put("model.lpft.unfreeze.step", "2");
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FINISHED);
            assertThat(trainer.failure()).isEmpty();
        }
        TrainerCheckpoint last = new Checkpointer(dir.resolve("ckpt/" + method), new Retention(1, 0)).load(-1)
                .metadata();
        assertThat(last.recordsTrained()).isEqualTo(80);
        assertThat(last.step()).isEqualTo(5);
        assertThat(last.settings()).containsEntry("model.task", "classification").containsEntry("model.method", method);
    }

    /** Retention kept the newest checkpoint and the most accurate one, ties going to the lower NLL, then the newer. */
    private static void assertKeptTheMostAccurate(List<TrainerListener.CheckpointWritten> written, java.nio.file.Path
            folder) throws Exception {
        assertThat(written).isNotEmpty().allSatisfy(c -> assertThat(c.validation()).containsKeys("accuracy", "nll"));
        var best = written.stream().min(Comparator.<TrainerListener.CheckpointWritten>comparingDouble(
                c -> -c.validation().get("accuracy")).thenComparingDouble(c -> c.validation().get("nll"))
                .thenComparing(Comparator.comparingLong(TrainerListener.CheckpointWritten::step).reversed())).get();
        long newest = written.stream().mapToLong(TrainerListener.CheckpointWritten::step).max().getAsLong();
        List<String> kept = new CheckpointStore(folder).list().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(kept).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.of(best.step(), newest)
                .distinct().map(CheckpointStore::directoryName).toList());
    }

    private static void assertDeadLetters(EmbeddedStack stack, String dlq, List<byte[]> bad) {
        List<ConsumerRecord<byte[], byte[]>> dead = Topics.read(stack, dlq, 3);
        assertThat(dead).hasSize(3);
        Map<String, byte[]> byReason = new java.util.TreeMap<>();
        dead.forEach(r -> byReason.put(header(r, "levi.dlq.reason"), r.value()));
        assertThat(byReason).as("each record kept whole, with its reason").containsOnlyKeys("image.wrong.size",
                "label.out.of.range", "image.undecodable");
        assertThat(byReason.get("image.wrong.size")).isEqualTo(bad.get(0));
        assertThat(byReason.get("label.out.of.range")).isEqualTo(bad.get(1));
        assertThat(byReason.get("image.undecodable")).isEqualTo(bad.get(2));
        assertThat(dead).filteredOn(r -> header(r, "levi.dlq.reason").equals("image.wrong.size"))
                .singleElement().satisfies(r -> assertThat(header(r, "levi.dlq.message")).contains("32x32", "28x28"));
        assertThat(dead).allSatisfy(r -> assertThat(header(r, "levi.dlq.service")).isEqualTo("trainer"));
    }

    private static void assertAnnounced(EmbeddedStack stack, String topic, TrainerCheckpoint last) {
        List<ConsumerRecord<byte[], byte[]>> records = Topics.read(stack, topic, 1);
        try (var registry = Interactions.registry(stack)) {
            var deserializer = AvroDeserializer.specific(CheckpointEvent.class, registry, false);
            List<CheckpointEvent> events = records.stream().map(r -> deserializer.deserialize(topic, r.value()))
                    .toList();
            CheckpointEvent newest = events.get(events.size() - 1);
            assertThat(newest.getVersion()).isEqualTo(last.step());
            assertThat(newest.getValidationMetrics()).containsEntry("accuracy", last.validation().get("accuracy"))
                    .containsEntry("nll", last.validation().get("nll"));
        }
    }

    private static List<byte[]> encode(EmbeddedStack stack, String topic, List<ImageEvent> images) {
        try (var registry = Interactions.registry(stack)) {
            return Images.encode(registry, topic, images);
        }
    }

    /** A PNG whose signature survives but whose data is cut off: no decoder reads it. */
    private static byte[] brokenPng(EmbeddedStack stack, String topic) {
        ImageRecord avro = AvroMapping.toAvro(Images.pngEvent("png", 3, 28, 28, Images.png(28, 28, new byte[784])));
        byte[] png = avro.getBytes().array();
        avro.setBytes(ByteBuffer.wrap(java.util.Arrays.copyOf(png, 40)));
        try (var registry = Interactions.registry(stack)) {
            return new AvroSerializer<ImageRecord>(registry, AvroSerdeConfig.defaults(), false).serialize(topic, avro);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
