package org.levistream.trainer.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.trainer.position.PartitionOffsets;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.Topics;

/**
 * Passes over a bounded stretch ({@code trainer.epochs}), read from a real topic (transactional, with an aborted
 * transaction and a poison record): every pass composes the same batches from the same records, ends with a batch
 * marked as its end (here a partial one, as an offline epoch's last batch), and only the first pass hands poison to
 * the dead-letter handler. A reader resumed inside pass 2 continues pass 2's sequence.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(EmbeddedStackExtension.class)
class PassesIT {
    private static final int PARTITIONS = 3;
    private static final int BATCH = 16;

    @Test
    void everyPassComposesTheSameBatchesAndPoisonIsDeadLetteredInTheFirstOnly(EmbeddedStack stack, TestInfo info)
            throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, PARTITIONS, Map.of());
        List<byte[]> values = new ArrayList<>(Interactions.encode(stack, topic, Interactions.generate(100, 5)));
        values.add(40, new byte[] {0, 0, 0, 0x7f, 0x7f, 1});   // unknown schema id
        Interactions.produce(stack, topic, PARTITIONS, values, 30, true);
        Map<TopicPartition, Long> end = Topics.endOffsets(stack, topic, PARTITIONS);
        Map<TopicPartition, Long> start = PartitionOffsets.sorted();
        end.keySet().forEach(tp -> start.put(tp, 0L));
        List<TopicPartition> partitions = List.copyOf(start.keySet());
        List<Integer> poisonSeen = new ArrayList<>();

        List<ComposedBatch<InteractionEvent>> batches = read(stack, new ReadPlan(partitions, start, null, end,
                new EpochPlan(1, 3, start, null)), poisonSeen);

        List<List<ComposedBatch<InteractionEvent>>> passes = byPass(batches, 3);
        // 100 records in batches of 16: six full ones and a partial one of 4 end each pass.
        for (List<ComposedBatch<InteractionEvent>> pass : passes) {
            assertThat(pass).hasSize(7);
            assertThat(pass.get(6).size()).isEqualTo(4);
            assertThat(pass.subList(0, 6)).allSatisfy(b -> assertThat(b.epochEnd()).isFalse());
            assertThat(pass.get(6).epochEnd()).isTrue();
            assertThat(nextOffsetsOf(pass.get(6))).isEqualTo(end);
            assertThat(coordinates(pass)).isEqualTo(coordinates(passes.get(0)));
            assertThat(pass.stream().mapToInt(b -> b.poison().values().stream().mapToInt(i -> i).sum()).sum())
                    .as("poison passed over in every pass").isEqualTo(1);
        }
        assertThat(batches).filteredOn(ComposedBatch::last).singleElement().isSameAs(passes.get(2).get(6));
        assertThat(poisonSeen).as("dead-lettered once").hasSize(1);

        // A reader resumed after pass 2's third batch composes the rest of pass 2, then pass 3, as the first did.
        ComposedBatch<InteractionEvent> third = passes.get(1).get(2);
        List<ComposedBatch<InteractionEvent>> resumed = read(stack, new ReadPlan(partitions, third.nextOffsets(),
                third.cursor(), end, new EpochPlan(2, 3, start, null)), poisonSeen);
        List<List<String>> expected = new ArrayList<>(coordinates(passes.get(1).subList(3, 7)));
        expected.addAll(coordinates(passes.get(2)));
        assertThat(coordinates(resumed)).isEqualTo(expected);
        assertThat(resumed.get(0).epoch()).isEqualTo(2);
        assertThat(resumed.get(resumed.size() - 1).epoch()).isEqualTo(3);
        assertThat(poisonSeen).as("nothing dead-lettered again after pass 1").hasSize(1);
    }

    private static Map<TopicPartition, Long> nextOffsetsOf(ComposedBatch<?> b) {
        return b.nextOffsets();
    }

    private static List<ComposedBatch<InteractionEvent>> read(EmbeddedStack stack, ReadPlan plan,
                                                              List<Integer> poisonSeen) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var registry = Interactions.registry(stack);
             var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            PartitionReader<InteractionEvent> reader = new PartitionReader<>(consumer, plan,
                    new InteractionRecordDecoder(registry), (r, e) -> poisonSeen.add(r.partition()), BATCH, () -> false);
            List<ComposedBatch<InteractionEvent>> batches = new ArrayList<>();
            while (batches.isEmpty() || !batches.get(batches.size() - 1).last()) {
                ComposedBatch<InteractionEvent> b = reader.read();
                if (b != null) {
                    batches.add(b);
                }
            }
            return batches;
        }
    }

    private static List<List<ComposedBatch<InteractionEvent>>> byPass(List<ComposedBatch<InteractionEvent>> batches,
                                                                      int passes) {
        List<List<ComposedBatch<InteractionEvent>>> byPass = new ArrayList<>();
        for (int pass = 1; pass <= passes; pass++) {
            int p = pass;
            byPass.add(batches.stream().filter(b -> b.epoch() == p).toList());
        }
        return byPass;
    }

    /** Each batch as the partition@offset of its records, in batch order. */
    private static List<List<String>> coordinates(List<ComposedBatch<InteractionEvent>> batches) {
        return batches.stream().map(b -> b.records().stream().map(f -> f.partition() + "@" + f.offset()).toList())
                .toList();
    }
}
