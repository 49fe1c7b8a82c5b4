package org.levistream.ingest.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics an ingest run writes to before it writes: the split plan's, the dead-letter topic, and the
 * compacted progress topic (one partition: it is small, and one partition keeps a job's positions in order).
 * Topics that exist are left as they are.
 */
final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicSetup() {
    }

    /** Creates what is missing; returns the names created. */
    static List<String> create(IngestConfig config, SortedSet<String> dataTopics) throws InterruptedException {
        Optional<Short> replication = config.replicationFactor() == -1 ? Optional.empty()
                : Optional.of((short) config.replicationFactor());
        List<NewTopic> topics = new ArrayList<>();
        for (String name : dataTopics) {
            topics.add(new NewTopic(name, Optional.of(config.partitions()), replication));
        }
        topics.add(new NewTopic(config.deadLetterTopic(), Optional.of(config.partitions()), replication));
        topics.add(new NewTopic(config.progressTopic(), Optional.of(1), replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        Map<String, Object> props = new java.util.HashMap<>(config.sharedClientSettings());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "levi-ingest-setup");
        try (Admin admin = Admin.create(props)) {
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> e : admin.createTopics(topics).values().entrySet()) {
                if (awaitCreated(e.getKey(), e.getValue())) {
                    created.add(e.getKey());
                }
            }
            log.info("Topics created: {}; the others existed", created);
            return created;
        }
    }

    private static boolean awaitCreated(String topic, KafkaFuture<Void> future) throws InterruptedException {
        try {
            future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IngestFailedException("creating topic " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IngestFailedException("creating topic " + topic + " did not finish within " + TIMEOUT, e);
        }
    }
}
