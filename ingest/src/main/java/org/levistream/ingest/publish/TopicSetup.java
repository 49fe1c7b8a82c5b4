package org.levistream.ingest.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.levistream.schemas.topics.TopicSpec;

/**
 * Creates the topics an ingest run writes to before it writes, by the shared policy
 * ({@link org.levistream.schemas.topics.TopicSetup}): the split plan's (with the configured partitions), the
 * dead-letter topic, and the compacted progress topic (one partition: it is small, and one partition keeps a job's
 * positions in order). The configured replication factor applies to all of them. Topics that exist are left as
 * they are.
 */
final class TopicSetup {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicSetup() {
    }

    /** Creates what is missing; returns the names created. */
    static List<String> create(IngestConfig config, SortedSet<String> dataTopics) throws InterruptedException {
        Optional<Short> replication = config.replicationFactor() == -1 ? Optional.empty()
                : Optional.of((short) config.replicationFactor());
        List<TopicSpec> topics = new ArrayList<>();
        for (String name : dataTopics) {
            topics.add(TopicSpec.data(name, config.partitions()).withReplication(replication));
        }
        topics.add(TopicSpec.deadLetter(config.deadLetterTopic()).withReplication(replication));
        topics.add(TopicSpec.compacted(config.progressTopic(), Optional.of(1)).withReplication(replication));
        Map<String, Object> props = new java.util.HashMap<>(config.sharedClientSettings());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "levi-ingest-setup");
        try (Admin admin = Admin.create(props)) {
            return org.levistream.schemas.topics.TopicSetup.ensure(admin, topics, TIMEOUT);
        } catch (org.levistream.schemas.topics.TopicSetup.TopicSetupException e) {
            throw new IngestFailedException(e.getMessage(), e.getCause());
        }
    }
}
