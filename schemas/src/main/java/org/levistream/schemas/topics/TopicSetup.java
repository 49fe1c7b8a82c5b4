package org.levistream.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a service writes before it writes to them, the same way for every service.
 *
 * <p>The policy: a missing topic is created from its {@link TopicSpec}; an existing one is left as it is, whatever
 * its partitions or configs (topics may be managed by an operator); a topic that another client creates at the same
 * moment counts as existing. Anything else (no permission to create, a broker that does not answer within the
 * timeout) is fatal: a service that cannot be sure its dead-letter or checkpoint topic exists would otherwise rely
 * on auto-creation, which neither compacts nor honours the partition counts, or lose records.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /**
     * Creates whatever is missing among {@code topics}.
     *
     * @param admin   an admin client, owned by the caller
     * @param topics  the topics the service needs; names must be distinct
     * @param timeout how long to wait for the broker, per step
     * @return the names created; empty when every topic existed
     * @throws TopicSetupException  naming the topic, when one can be neither found nor created
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<String> ensure(Admin admin, Collection<TopicSpec> topics, Duration timeout)
            throws InterruptedException {
        Map<String, NewTopic> requests = new LinkedHashMap<>();
        for (TopicSpec spec : topics) {
            if (requests.put(spec.name(), spec.newTopic()) != null) {
                throw new IllegalArgumentException("topic " + spec.name() + " is named twice");
            }
        }
        List<String> missing = missing(admin, requests.keySet(), timeout);
        List<String> created = new ArrayList<>();
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> results =
                    admin.createTopics(missing.stream().map(requests::get).toList()).values();
            for (String name : missing) {
                if (awaitCreated(name, results.get(name), timeout)) {
                    created.add(name);
                }
            }
        }
        if (!created.isEmpty()) {
            awaitVisible(admin, created, timeout);
            log.info("Created topics {}", created);
        }
        return created;
    }

    /**
     * Waits until the broker that answers describes the new topics with a leader for every partition: creation
     * completes on the controller first, and a client that uses a topic at once (a test, a producer) would
     * otherwise meet "does not host this topic-partition" on a loaded machine.
     */
    private static void awaitVisible(Admin admin, List<String> topics, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                boolean led = admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .values().stream().allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null));
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new TopicSetupException("describing the new topics " + topics + " failed: " + e.getCause(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new TopicSetupException("describing the new topics " + topics + " did not finish within "
                        + timeout, e);
            }
            if (System.nanoTime() > deadline) {
                throw new TopicSetupException("the new topics " + topics + " have no leader after " + timeout, null);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> missing(Admin admin, Collection<String> names, Duration timeout)
            throws InterruptedException {
        try {
            var existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return names.stream().filter(n -> !existing.contains(n)).toList();
        } catch (ExecutionException e) {
            throw new TopicSetupException("listing topics to find " + names + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new TopicSetupException("listing topics to find " + names + " did not finish within " + timeout, e);
        }
    }

    private static boolean awaitCreated(String topic, KafkaFuture<Void> future, Duration timeout)
            throws InterruptedException {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new TopicSetupException("creating topic " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicSetupException("creating topic " + topic + " did not finish within " + timeout, e);
        }
    }

    /** A topic a service needs could be neither found nor created; the message names it and the cause. */
    public static final class TopicSetupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TopicSetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
