package org.levistream.bench.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.trainer.testing.Interactions;

/**
 * The bare consumer keeps to its pace, and reads a topic again from the start once it has read it all, so that it
 * never runs dry beside a loop that outlasts the topic.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(EmbeddedStackExtension.class)
class BareConsumerIT {

    @Test
    void readsAtItsPaceAndStartsOverAtTheEnd(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic, Interactions.generate(300, 5)), 100,
                false);

        long consumed;
        try (BareConsumer consumer = BareConsumer.start(stack.bootstrapServers(), topic, 1_000)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.consumed() < 700 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            long reached = System.nanoTime();
            consumed = consumer.consumed();
            // 700 records at 1,000/s take 0.7 s at least; unpaced, the 300 records would be read in a few ms.
            assertThat(consumed).as("read the 300 records more than twice over").isGreaterThanOrEqualTo(700);
            TimeUnit.MILLISECONDS.sleep(500);
            long later = consumer.consumed();
            double seconds = (System.nanoTime() - reached) / 1e9;
            assertThat((later - consumed) / seconds).as("records/s over half a second at a pace of 1,000/s")
                    .isBetween(300.0, 1_600.0);
        }
    }

    @Test
    void refusesAPaceThatIsNotPositive() {
        assertThatThrownBy(() -> BareConsumer.start("localhost:1", "t", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recordsPerSec was 0.0");
    }
}
