package org.levistream.trainer.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterLogTest {
    private final AtomicLong now = new AtomicLong();
    private final DeadLetterLog log = new DeadLetterLog("levi.deadletter", Duration.ofSeconds(5), now::get);

    @Test
    void logsTheFirstAtOnceThenOneCountPerReasonPerInterval() {
        assertThat(log.deadLettered(record(7), "decode", "unknown magic byte 0x07"))
                .isEqualTo("Dead-lettered 1 record to levi.deadletter {decode=1}; e.g. levi.images-0@7 (decode): "
                        + "unknown magic byte 0x07");
        for (int i = 8; i < 1_000; i++) {
            now.addAndGet(1_000_000);   // 1 ms apart: ~1 s in all, inside the interval
            assertThat(log.deadLettered(record(i), i % 2 == 0 ? "decode" : "invalid.record", "x")).isNull();
        }
        now.addAndGet(Duration.ofSeconds(5).toNanos());

        assertThat(log.deadLettered(record(1_000), "decode", "y"))
                .isEqualTo("Dead-lettered 993 records to levi.deadletter {decode=497, invalid.record=496}; e.g. "
                        + "levi.images-0@8 (decode): x");
        assertThat(log.flush()).isNull();
    }

    @Test
    void cutsAnExampleToOneLineOf200Characters() {
        String line = log.deadLettered(record(1), "decode", "a\nb " + "z".repeat(5_000));
        assertThat(line).endsWith("(decode): a b " + "z".repeat(196) + "...");
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>("levi.images", 0, offset, new byte[0], new byte[0]);
    }
}
