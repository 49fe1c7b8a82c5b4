package org.levistream.trainer.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.levistream.schemas.domain.InteractionEvent;

class PartitionRotationTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);
    private static final List<TopicPartition> ALL = List.of(P2, P0, P1); // any order in, sorted inside

    @Test
    void composesTheSameBatchesWhateverThePollInterleaving() {
        var data = data(Map.of(P0, 23, P1, 17, P2, 30), Map.of(P1, List.of(4L)));
        List<List<String>> a = drain(data, new SplittableRandom(1), 4);
        List<List<String>> b = drain(data, new SplittableRandom(99), 4);
        List<List<String>> oneByOne = drain(data, new SplittableRandom(5), 1);
        assertThat(a).isEqualTo(b).isEqualTo(oneByOne);
        assertThat(a.get(0)).containsExactly("t-0@0", "t-1@0", "t-2@0", "t-0@1", "t-1@1");
        assertThat(a.stream().mapToInt(List::size).sum()).isEqualTo(23 + 17 - 1 + 30);
    }

    @Test
    void resumingFromAnyBatchContinuesTheSameSequence() {
        Map<TopicPartition, List<Fetched<InteractionEvent>>> data = data(Map.of(P0, 11, P1, 19, P2, 7), Map.of());
        List<ComposedBatch<InteractionEvent>> all = composeAll(data, Map.of(P0, 0L, P1, 0L, P2, 0L), null);
        for (int cut = 1; cut < all.size(); cut++) {
            ComposedBatch<InteractionEvent> at = all.get(cut - 1);
            List<ComposedBatch<InteractionEvent>> rest = composeAll(data, at.nextOffsets(), at.cursor());
            assertThat(keys(rest)).as("resumed after batch " + cut).isEqualTo(keys(all.subList(cut, all.size())));
        }
    }

    @Test
    void waitsForASilentPartitionInsteadOfReordering() {
        var r = new PartitionRotation<InteractionEvent>(ALL, Map.of(P0, 0L, P1, 0L, P2, 0L), null, Map.of());
        r.add(fetched(P0, 0));
        r.add(fetched(P0, 1));
        r.add(fetched(P2, 0));
        assertThat(r.fill(3)).isEqualTo(new PartitionRotation.Fill(PartitionRotation.State.WAITING, P1));
        assertThat(r.pendingSize()).isEqualTo(1);
        r.skip(P1);
        assertThat(r.fill(3).state()).isEqualTo(PartitionRotation.State.READY);
        ComposedBatch<InteractionEvent> b = r.take(false);
        assertThat(b.records()).extracting(Fetched::offset).containsExactly(0L, 0L, 1L);
        assertThat(b.skipped()).isTrue();
    }

    @Test
    void passesOverPoisonAndMovesTheNextOffsetPastIt() {
        var r = new PartitionRotation<InteractionEvent>(List.of(P0), Map.of(P0, 10L), null, Map.of(P0, 14L));
        r.add(fetched(P0, 10));
        r.add(new Fetched<>(P0, 11, 0, -1, null));
        r.add(fetched(P0, 12));
        r.add(new Fetched<>(P0, 13, 0, -1, null));
        assertThat(r.fill(5).state()).isEqualTo(PartitionRotation.State.FINISHED);
        ComposedBatch<InteractionEvent> last = r.take(true);
        assertThat(last.records()).extracting(Fetched::offset).containsExactly(10L, 12L);
        assertThat(last.poison()).containsEntry(P0, 2);
        assertThat(last.nextOffsets()).containsEntry(P0, 14L);
    }

    @Test
    void endsAPartitionWhoseLastOffsetsAreTransactionMarkers() {
        PartitionRotation<InteractionEvent> r = new PartitionRotation<>(List.of(P0, P1), Map.of(P0, 0L, P1, 0L), null,
                Map.of(P0, 3L, P1, 2L));
        r.add(fetched(P0, 0));
        r.add(fetched(P0, 1));        // offset 2 is a commit marker
        r.add(fetched(P1, 0));
        assertThat(r.fill(10)).isEqualTo(new PartitionRotation.Fill(PartitionRotation.State.WAITING, P1));
        r.fetchedThrough(P0, 3);
        r.fetchedThrough(P1, 2);       // offset 1 of P1 was an aborted record
        assertThat(r.fill(10).state()).isEqualTo(PartitionRotation.State.FINISHED);
        ComposedBatch<InteractionEvent> last = r.take(true);
        assertThat(last.size()).isEqualTo(3);
        assertThat(last.nextOffsets()).containsEntry(P0, 3L).containsEntry(P1, 2L);
    }

    @Test
    void rejectsRecordsOutOfOrderOrPastTheEnd() {
        var r = new PartitionRotation<InteractionEvent>(List.of(P0), Map.of(P0, 5L), null, Map.of(P0, 8L));
        assertThatThrownBy(() -> r.add(fetched(P0, 4))).isInstanceOf(IllegalArgumentException.class);
        r.add(fetched(P0, 6));
        assertThatThrownBy(() -> r.add(fetched(P0, 6))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.add(fetched(P0, 8))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Feeds every partition's records in random chunks, as polls would, and returns the batches' keys. */
    private static List<List<String>> drain(Map<TopicPartition, List<Fetched<InteractionEvent>>> data,
                                            SplittableRandom random, int maxChunk) {
        Map<TopicPartition, Long> start = Map.of(P0, 0L, P1, 0L, P2, 0L);
        Map<TopicPartition, Long> end = new HashMap<>();
        data.forEach((tp, records) -> end.put(tp, (long) records.size()));
        PartitionRotation<InteractionEvent> r = new PartitionRotation<>(ALL, start, null, end);
        Map<TopicPartition, Integer> fed = new HashMap<>(Map.of(P0, 0, P1, 0, P2, 0));
        List<ComposedBatch<InteractionEvent>> batches = new ArrayList<>();
        while (true) {
            PartitionRotation.Fill fill = r.fill(5);
            if (fill.state() == PartitionRotation.State.READY) {
                batches.add(r.take(false));
            } else if (fill.state() == PartitionRotation.State.FINISHED) {
                batches.add(r.take(true));
                return keys(batches);
            } else {
                pollRandomly(data, fed, r, random, maxChunk);
            }
        }
    }

    private static void pollRandomly(Map<TopicPartition, List<Fetched<InteractionEvent>>> data,
                                     Map<TopicPartition, Integer> fed, PartitionRotation<InteractionEvent> r,
                                     SplittableRandom random, int maxChunk) {
        for (TopicPartition tp : List.of(P0, P1, P2)) {
            if (random.nextBoolean()) {
                int from = fed.get(tp);
                int to = Math.min(data.get(tp).size(), from + random.nextInt(1, maxChunk + 1));
                data.get(tp).subList(from, to).forEach(r::add);
                fed.put(tp, to);
                r.fetchedThrough(tp, to);
            }
        }
    }

    private static List<ComposedBatch<InteractionEvent>> composeAll(
            Map<TopicPartition, List<Fetched<InteractionEvent>>> data, Map<TopicPartition, Long> next,
            TopicPartition cursor) {
        Map<TopicPartition, Long> end = new HashMap<>();
        data.forEach((tp, records) -> end.put(tp, (long) records.size()));
        PartitionRotation<InteractionEvent> r = new PartitionRotation<>(ALL, next, cursor, end);
        data.forEach((tp, records) -> {
            records.stream().filter(f -> f.offset() >= next.get(tp)).forEach(r::add);
            r.fetchedThrough(tp, records.size());
        });
        List<ComposedBatch<InteractionEvent>> batches = new ArrayList<>();
        while (r.fill(4).state() == PartitionRotation.State.READY) {
            batches.add(r.take(false));
        }
        ComposedBatch<InteractionEvent> last = r.take(true);
        if (last.size() > 0) {
            batches.add(last);
        }
        return batches;
    }

    private static List<List<String>> keys(List<ComposedBatch<InteractionEvent>> batches) {
        return batches.stream().filter(b -> b.size() > 0)
                .map(b -> b.records().stream().map(f -> f.partition() + "@" + f.offset()).toList()).toList();
    }

    private static Map<TopicPartition, List<Fetched<InteractionEvent>>> data(Map<TopicPartition, Integer> sizes,
                                                          Map<TopicPartition, List<Long>> poison) {
        Map<TopicPartition, List<Fetched<InteractionEvent>>> data = new HashMap<>();
        sizes.forEach((tp, n) -> {
            List<Fetched<InteractionEvent>> records = new ArrayList<>();
            for (long o = 0; o < n; o++) {
                records.add(poison.getOrDefault(tp, List.of()).contains(o) ? new Fetched<>(tp, o, 0, -1, null)
                        : fetched(tp, o));
            }
            data.put(tp, records);
        });
        return data;
    }

    private static Fetched<InteractionEvent> fetched(TopicPartition tp, long offset) {
        return new Fetched<>(tp, offset, 0, 1, InteractionEvent.builder("u", "i", 3f, Instant.EPOCH).build());
    }
}
