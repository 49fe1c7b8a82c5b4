package org.levistream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.ingest.publish.Prepared.Outgoing;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.SourcePosition;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.InMemorySchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

@Timeout(20)
class PreparerTest {
    private static final SplitPlan PLAN = SplitPlan.parse("""
            records: interactions
            topicPrefix: test.
            rules:
              - match: {genres: {anyOf: [Horror]}}
                to: holdout
                copy: [{to: pretrain}]
              - to: live
                copy: [{to: ood.copies}]
            """, "test.yaml");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerializer<SpecificRecord> serializer =
            new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
    private final Preparer<InteractionEvent> preparer = new Preparer<>(RecordFormat.INTERACTIONS,
            new SplitRouter(PLAN), serializer, new DeadLetters("test.deadletter", "job"), 1 << 20);

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    void encodesInteractionsByteForByteAsTheSerializerDoes() {
        var event = InteractionEvent.builder("u7", "1193", 4.5f, Instant.parse("2001-01-01T00:00:00.123Z"))
                .title("Amélie").genres(List.of("Comedy", "Romance")).releaseYear(2001).context("k", "v").build();

        List<Outgoing> outgoing = preparer.prepare(accepted(event)).outgoing();

        assertThat(outgoing).extracting(Outgoing::topic).containsExactly("test.interactions",
                "test.interactions.ood.copies");
        for (Outgoing o : outgoing) {
            assertThat(o.key()).isEqualTo("u7".getBytes(StandardCharsets.UTF_8));
            assertThat(o.value()).isEqualTo(serializer.serialize(o.topic(), AvroMapping.toAvro(event)));
        }
    }

    @Test
    void givesThePretrainFileTheAvroBean() {
        var event = InteractionEvent.builder("u8", "13", 2f, Instant.EPOCH).genres(List.of("Horror")).build();

        List<Outgoing> outgoing = preparer.prepare(accepted(event)).outgoing();

        assertThat(outgoing).extracting(Outgoing::topic).containsExactly("test.interactions.holdout", null);
        assertThat(outgoing.get(1).pretrain()).isEqualTo(AvroMapping.toAvro(event));
    }

    private static ReadResult<InteractionEvent> accepted(InteractionEvent event) {
        return new ReadResult.Accepted<>(event, SourcePosition.line("ratings.csv", 2));
    }
}
