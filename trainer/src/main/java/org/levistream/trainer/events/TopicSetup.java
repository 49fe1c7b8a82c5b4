package org.levistream.trainer.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.levistream.schemas.topics.TopicSpec;

/**
 * The trainer's output topics, created by the shared policy ({@link org.levistream.schemas.topics.TopicSetup}) when
 * missing: the dead-letter topic, and the checkpoint-event topic compacted (a broker's auto-creation would not
 * compact it). Partitions and replication are the broker's defaults. A topic that can be neither found nor created
 * stops the trainer before it reads anything.
 */
public final class TopicSetup {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicSetup() {}

    /**
     * Creates the missing topics.
     *
     * @param admin            an admin client
     * @param deadLetterTopic  the dead-letter topic
     * @param checkpointsTopic the checkpoint-event topic
     * @throws InterruptedException if interrupted while waiting
     * @throws org.levistream.schemas.topics.TopicSetup.TopicSetupException naming a topic that cannot be had
     */
    public static void ensure(Admin admin, String deadLetterTopic, String checkpointsTopic)
            throws InterruptedException {
        org.levistream.schemas.topics.TopicSetup.ensure(admin, List.of(TopicSpec.deadLetter(deadLetterTopic),
                TopicSpec.compacted(checkpointsTopic, Optional.empty())), TIMEOUT);
    }
}
