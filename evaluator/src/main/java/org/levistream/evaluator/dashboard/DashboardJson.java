package org.levistream.evaluator.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;

/**
 * The JSON the page reads: records as objects named by their components, instants as ISO-8601 text, and absent
 * confidence bounds as {@code null}.
 */
final class DashboardJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("levi-dashboard").addSerializer(Instant.class, ToStringSerializer.instance));

    private DashboardJson() {
    }

    /** The JSON of a snapshot, an update or any of their parts. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Our own records always serialise; failing here is a bug, not bad input.
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The server-sent event's name for an update: what the page listens for. */
    static String eventName(ViewUpdate update) {
        return update instanceof ViewUpdate.PointUpdate ? "point" : "alert";
    }
}
