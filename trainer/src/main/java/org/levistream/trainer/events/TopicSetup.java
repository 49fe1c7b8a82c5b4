package org.levistream.trainer.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the trainer's output topics when they are missing: the dead-letter topic, and the checkpoint-event topic
 * compacted (a broker's auto-creation would not compact it). Partition count and replication are the broker's
 * defaults. A failure is logged, not fatal: the topics may be managed elsewhere.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {}

    /**
     * Creates the missing topics.
     *
     * @param admin            an admin client
     * @param deadLetterTopic  the dead-letter topic
     * @param checkpointsTopic the checkpoint-event topic
     * @throws InterruptedException if interrupted while waiting
     */
    public static void ensure(Admin admin, String deadLetterTopic, String checkpointsTopic)
            throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(deadLetterTopic)) {
                missing.add(new NewTopic(deadLetterTopic, Optional.empty(), Optional.empty()));
            }
            if (!existing.contains(checkpointsTopic)) {
                missing.add(new NewTopic(checkpointsTopic, Optional.empty(), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not make sure topics {} and {} exist ({}); producing to them may auto-create them",
                    deadLetterTopic, checkpointsTopic, e.toString());
        }
    }
}
