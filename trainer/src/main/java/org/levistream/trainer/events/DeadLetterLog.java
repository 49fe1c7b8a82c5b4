package org.levistream.trainer.events;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log what went to the dead-letter topic, in bounded form: the first dead letter at once, then at most
 * one line per interval with the count per reason and one example, its message cut to one short line. The topic keeps
 * every record whole; the log only points there. (A trainer pointed at the wrong topic once wrote an 11 KB line per
 * record, 605 MB of stderr for 53,940 records.) Used by the feed's thread only.
 */
public final class DeadLetterLog {
    /** The longest example message logged. */
    static final int MAX_EXAMPLE_CHARS = 200;

    private static final Logger log = LoggerFactory.getLogger(DeadLetterLog.class);

    private final String topic;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Map<String, Long> counts = new TreeMap<>();
    private String example;
    private long lastLineNanos;
    private boolean any;

    /**
     * Creates the log.
     *
     * @param topic    the dead-letter topic, named in each line
     * @param interval the least time between two lines
     * @param clock    nanoseconds, e.g. {@code System::nanoTime}
     */
    public DeadLetterLog(String topic, Duration interval, LongSupplier clock) {
        this.topic = topic;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /**
     * Notes a dead letter; logs a line when the first one comes or the interval has passed.
     *
     * @param record the record dead-lettered
     * @param reason its reason tag
     * @param why    its message (any length)
     * @return the line logged, or {@code null} when none was due
     */
    public String deadLettered(ConsumerRecord<?, ?> record, String reason, String why) {
        counts.merge(reason, 1L, Long::sum);
        if (example == null) {
            example = record.topic() + "-" + record.partition() + "@" + record.offset() + " (" + reason + "): "
                    + oneShortLine(why);
        }
        long now = clock.getAsLong();
        if (!any || now - lastLineNanos >= intervalNanos) {
            any = true;
            lastLineNanos = now;
            return flush();
        }
        return null;
    }

    /**
     * Logs what was counted since the last line, if anything; for the end of a run.
     *
     * @return the line logged, or {@code null} when nothing was pending
     */
    public String flush() {
        if (counts.isEmpty()) {
            return null;
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        String line = "Dead-lettered " + total + " record" + (total == 1 ? "" : "s") + " to " + topic + " " + counts
                + "; e.g. " + example;
        log.warn(line);
        counts.clear();
        example = null;
        return line;
    }

    static String oneShortLine(String message) {
        String flat = String.valueOf(message).replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_EXAMPLE_CHARS ? flat : flat.substring(0, MAX_EXAMPLE_CHARS) + "...";
    }
}
