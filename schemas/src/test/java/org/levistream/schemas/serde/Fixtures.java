package org.levistream.schemas.serde;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.levistream.schemas.avro.AlertStatus;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.ImageEncoding;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.avro.PartitionOffset;
import org.levistream.schemas.avro.Split;

/** Sample records with every kind of field filled in, and an older Interaction schema for evolution tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2024-07-21T10:15:30.123Z");

    private Fixtures() {
    }

    static Interaction interaction(String user) {
        return new Interaction(user, "item-42", 4.5f, T0, "Heat (1995)", List.of("Action", "Crime"), 1995,
                "tense", Map.of("device", "tv", "locale", "en-GB"));
    }

    static Interaction bareInteraction(String user) {
        return Interaction.newBuilder().setUserId(user).setItemId("i").setRating(0.5f).setEventTime(T0).build();
    }

    static ImageRecord image() {
        return new ImageRecord("mnist-7", 7, 2, 2, 1, ImageEncoding.RAW_U8, ByteBuffer.wrap(new byte[] {0, 127, -128, -1}),
                "mnist", T0);
    }

    static CheckpointEvent checkpoint() {
        return new CheckpointEvent("exp-1", 1200L, "/ckpt/step-000000001200", "ab12", "cd34", "levi",
                List.of(new PartitionOffset("levi.interactions", 0, 1234L), new PartitionOffset("levi.interactions", 1, 99L)),
                Map.of("rmse", 0.91), T0);
    }

    static MetricRecord metric() {
        return new MetricRecord("exp-1", 1200L, "levi.interactions.ood.late-users", Split.OOD, "rmse", 1.02, 500L,
                0.97, 1.07, T0, T0.plusSeconds(60), T0.plusSeconds(61));
    }

    static OodAlert alert() {
        return new OodAlert("exp-1", 1300L, 1200L, "levi.images.ood.digits", "accuracy", 0.71, 0.83, 0.05, 0.001,
                "accuracy fell 12 points on levi.images.ood.digits", T0, AlertStatus.OPEN, 0.12, 0.09, 0.15, 1000L,
                "exact McNemar, one-sided, margin 0.05");
    }

    /**
     * Interaction as it might have been first released: no releaseYear, reviewText or context. The current
     * schema adds them with defaults, a BACKWARD-compatible change.
     */
    static Schema interactionV0() {
        return new Schema.Parser().parse("""
                {"type": "record", "name": "Interaction", "namespace": "org.levistream.schemas.avro", "fields": [
                  {"name": "userId", "type": "string"},
                  {"name": "itemId", "type": "string"},
                  {"name": "rating", "type": "float"},
                  {"name": "eventTime", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "itemTitle", "type": ["null", "string"], "default": null},
                  {"name": "genres", "type": {"type": "array", "items": "string"}, "default": []}
                ]}""");
    }

    static GenericRecord interactionV0Record(String user) {
        GenericRecord record = new GenericData.Record(interactionV0());
        record.put("userId", user);
        record.put("itemId", "item-1");
        record.put("rating", 3.0f);
        record.put("eventTime", T0.toEpochMilli());
        record.put("itemTitle", "Alien (1979)");
        record.put("genres", List.of("Horror"));
        return record;
    }
}
