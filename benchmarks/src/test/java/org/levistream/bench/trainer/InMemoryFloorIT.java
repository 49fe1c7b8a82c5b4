package org.levistream.bench.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.TrainerListener;
import org.levistream.trainer.loop.TrainerService;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.Lineage;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.Topics;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * The throughput benchmark's floor is the trainer's own loop over the same batches, held in memory: trained from
 * the batches the benchmark composes, it ends bit for bit where the trainer reading Kafka ends, with the same
 * checkpoints saying the same offsets.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class InMemoryFloorIT {
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    @Test
    void theLoopInMemoryTrainsWhatTheLoopFromKafkaTrains(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, PARTITIONS, Map.of());
        Interactions.produce(stack, topic, PARTITIONS, Interactions.encode(stack, topic,
                Interactions.generate(485, 33)), 100, false);
        Map<TopicPartition, Long> end = Topics.endOffsets(stack, topic, PARTITIONS);
        TrainerConfig kafka = config(stack, topic, "kafka");
        TrainerConfig memory = config(stack, topic, "memory");

        run(TrainerService.start(kafka, TrainerListener.NONE));
        List<ComposedBatch<InteractionEvent>> composed = InMemoryBatches.compose(memory, BenchStream.INTERACTIONS);
        assertThat(composed.get(composed.size() - 1).last()).as("ends with the end marker").isTrue();
        run(TrainerService.start(memory, TrainerListener.NONE, InMemoryBatches.source(composed, InteractionEvent.class)));

        assertThat(Lineage.bitEqual(Lineage.finalParameters(memory.checkpointDir()),
                Lineage.finalParameters(kafka.checkpointDir()))).as("final parameters").isTrue();
        List<TrainerCheckpoint> fromKafka = Lineage.chain(kafka.checkpointDir());
        List<TrainerCheckpoint> inMemory = Lineage.chain(memory.checkpointDir());
        assertThat(inMemory).extracting(TrainerCheckpoint::step)
                .isEqualTo(fromKafka.stream().map(TrainerCheckpoint::step).toList());
        TrainerCheckpoint last = inMemory.get(inMemory.size() - 1);
        assertThat(PartitionPosition.mapOf(last.nextOffsets())).isEqualTo(end);
        assertThat(last.recordsTrained()).isEqualTo(485);
        assertThat(Lineage.ranges(inMemory)).isEqualTo(Lineage.ranges(fromKafka));
    }

    private TrainerConfig config(EmbeddedStack stack, String topic, String experiment) throws Exception {
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, experiment, dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store")));
        settings.put("trainer.end", "end");
        return TrainerSettings.toConfig(settings);
    }

    private static void run(TrainerService trainer) throws InterruptedException {
        try (trainer) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FINISHED);
        }
    }
}
