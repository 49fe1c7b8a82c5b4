package org.levistream.ingest.publish;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.ingest.split.Delivery;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.schemas.domain.InteractionEvent;

/** What a source routed by a split file must end up as, computed in-process by the same reader and router. */
record Expected(Map<String, List<InteractionEvent>> byTopic, List<InteractionEvent> pretrain) {

    static Expected route(Path csv, SplitFile split) {
        var router = new SplitRouter(split.plan());
        Map<String, List<InteractionEvent>> byTopic = new TreeMap<>();
        List<InteractionEvent> pretrain = new ArrayList<>();
        try (RecordReader<InteractionEvent> reader = IngestSources.movielens(csv).opener().get()) {
            reader.forEachRemaining(result -> {
                if (result instanceof ReadResult.Accepted<InteractionEvent> a) {
                    for (Delivery<InteractionEvent> d : router.route(a.value()).deliveries()) {
                        d.topic().ifPresentOrElse(t -> byTopic.computeIfAbsent(t, k -> new ArrayList<>())
                                .add(d.record()), () -> pretrain.add(d.record()));
                    }
                }
            });
        }
        return new Expected(byTopic, pretrain);
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        byTopic.forEach((topic, records) -> counts.put(topic, (long) records.size()));
        return counts;
    }
}
