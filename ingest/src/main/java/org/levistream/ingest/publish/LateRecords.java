package org.levistream.ingest.publish;

import org.levistream.ingest.readers.ReadResult;

/** Counts records that come after a record with a later event time: out of order in what is published. */
final class LateRecords<T> {
    private final RecordFormat<T> format;
    private long latestMillis = Long.MIN_VALUE;

    LateRecords(RecordFormat<T> format) {
        this.format = format;
    }

    /** 1 when {@code result} is a record earlier than one before it, else 0. */
    int count(ReadResult<T> result) {
        if (!(result instanceof ReadResult.Accepted<T> accepted)) {
            return 0;
        }
        long millis = format.eventTime(accepted.value()).toEpochMilli();
        if (millis < latestMillis) {
            return 1;
        }
        latestMillis = millis;
        return 0;
    }
}
