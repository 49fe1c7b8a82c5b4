package org.levistream.ingest.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RejectReason;
import org.levistream.ingest.readers.RejectedRow;
import org.levistream.ingest.readers.SourcePosition;

class EventTimeOrderTest {

    @Test
    void sortsRecordsWhoseDisorderFitsTheWindow() {
        List<ReadResult<Long>> in = accepted(3, 1, 2, 6, 4, 5, 9, 7, 8);

        assertThat(times(new EventTimeOrder<>(in.iterator(), EventTimeOrderTest::at, 2)))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void letsRecordsOutLateWhenTheirDisorderExceedsTheWindow() {
        List<ReadResult<Long>> in = accepted(5, 6, 7, 8, 1);

        assertThat(times(new EventTimeOrder<>(in.iterator(), EventTimeOrderTest::at, 2)))
                .containsExactly("5", "6", "1", "7", "8");
    }

    @Test
    void breaksTiesByReadOrderAndPassesRejectedRowsThroughWhereTheyWereRead() {
        List<ReadResult<Long>> in = List.of(record(2, 1), record(1, 2), rejected("bad"), record(1, 4), record(0, 5));

        assertThat(times(new EventTimeOrder<>(in.iterator(), EventTimeOrderTest::at, 3)))
                .containsExactly("rejected:bad", "0", "1@2", "1@4", "2");
    }

    @Test
    void givesTheSameOrderEveryTime() {
        List<ReadResult<Long>> in = accepted(9, 3, 3, 7, 1, 8, 2, 2, 6, 5, 4, 0);

        assertThat(times(new EventTimeOrder<>(in.iterator(), EventTimeOrderTest::at, 3)))
                .isEqualTo(times(new EventTimeOrder<>(in.iterator(), EventTimeOrderTest::at, 3)));
    }

    @Test
    void pacingNamesItsOrderAndKeepsSourceOrderWhenUnpaced() {
        List<ReadResult<Long>> in = accepted(3, 1, 2);

        assertThat(Pacing.asFastAsPossible().order()).isEqualTo("source");
        assertThat(Pacing.eventTime(60, 0).order()).isEqualTo("source");
        assertThat(Pacing.eventTime(60, 500).order()).isEqualTo("event-time/500");
        assertThat(Pacing.eventTime(3600, 10)).hasToString("event time x3600 (window 10)");
        assertThat(times(Pacing.asFastAsPossible().order(in.iterator(), EventTimeOrderTest::at)))
                .containsExactly("3", "1", "2");
    }

    @Test
    void rejectsANegativeSpeedOrWindow() {
        assertThatThrownBy(() -> new Pacing(-1, 0)).hasMessageStartingWith("speed was -1.0 but must be");
        assertThatThrownBy(() -> new Pacing(Double.NaN, 0)).hasMessageStartingWith("speed was NaN");
        assertThatThrownBy(() -> new Pacing(2, -5)).hasMessageStartingWith("reorderWindow was -5");
    }

    private static Instant at(Long seconds) {
        return Instant.ofEpochSecond(seconds);
    }

    /** Records whose value is their event time in seconds; the position's line is the read order (1-based). */
    private static List<ReadResult<Long>> accepted(long... seconds) {
        List<ReadResult<Long>> results = new ArrayList<>();
        for (long s : seconds) {
            results.add(new ReadResult.Accepted<>(s, SourcePosition.line("f", results.size() + 1)));
        }
        return results;
    }

    private static ReadResult<Long> record(long seconds, long line) {
        return new ReadResult.Accepted<>(seconds, SourcePosition.line("f", line));
    }

    private static ReadResult<Long> rejected(String text) {
        return new ReadResult.Rejected<>(new RejectedRow(SourcePosition.line("f", 3), RejectReason.UNPARSEABLE,
                "bad", text));
    }

    /** The event times out, with the line for ties where a test needs it. */
    private static List<String> times(Iterator<ReadResult<Long>> results) {
        List<String> out = new ArrayList<>();
        List<ReadResult<Long>> all = new ArrayList<>();
        results.forEachRemaining(all::add);
        for (ReadResult<Long> r : all) {
            if (r instanceof ReadResult.Rejected<Long> rej) {
                out.add("rejected:" + rej.row().rawText());
            } else {
                long value = ((ReadResult.Accepted<Long>) r).value();
                boolean tied = all.stream().filter(o -> o instanceof ReadResult.Accepted<Long> a && a.value() == value)
                        .count() > 1;
                out.add(tied ? value + "@" + r.position().value() : Long.toString(value));
            }
        }
        return out;
    }
}
