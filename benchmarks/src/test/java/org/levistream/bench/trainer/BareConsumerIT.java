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
 * The bare consumer reads a topic again from the start once it has read it all, so that it never runs dry beside a
 * loop that outlasts the topic. Its pace is {@link SlicedPace}'s, tested on a clock of the test's own.
 */
@Tag("integration")
@Timeout(60)
@ExtendWith(EmbeddedStackExtension.class)
class BareConsumerIT {

    @Test
    void startsOverAtTheEndOfTheTopic(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic, Interactions.generate(300, 5)), 100,
                false);

        try (BareConsumer consumer = BareConsumer.start(stack.bootstrapServers(), topic, 100_000)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.startedOver() < 2 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            long startedOver = consumer.startedOver();
            long consumed = consumer.consumed();

            assertThat(startedOver).as("started over twice").isGreaterThanOrEqualTo(2);
            // Each start over comes after the whole topic was read: 300 records a time.
            assertThat(consumed).as("records read").isGreaterThanOrEqualTo(300 * startedOver);
        }
    }

    @Test
    void refusesAPaceThatIsNotPositive() {
        assertThatThrownBy(() -> BareConsumer.start("localhost:1", "t", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recordsPerSec was 0.0");
    }
}
