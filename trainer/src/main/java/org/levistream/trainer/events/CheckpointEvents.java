package org.levistream.trainer.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.PartitionOffset;
import org.levistream.trainer.TrainerRefusal;
import org.levistream.trainer.position.PartitionOffsets;

/**
 * Announces new model versions on the compacted {@code levi.checkpoints} topic, keyed by experiment, once their
 * checkpoint is durable. Compaction keeps each experiment's newest version; the evaluator follows the topic with
 * {@code read_committed}. Each event is a transaction of a producer whose transactional id is the experiment's, so
 * that a trainer of the same experiment started anywhere fences this one: its next announcement fails and it stops.
 */
public final class CheckpointEvents {
    private final Producer<String, CheckpointEvent> producer;
    private final String topic;

    /**
     * Creates the publisher.
     *
     * @param producer an Avro producer for {@link CheckpointEvent} values; closed by its owner
     * @param topic    the topic
     */
    public CheckpointEvents(Producer<String, CheckpointEvent> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Builds the event of a checkpoint.
     *
     * @param experiment   the experiment
     * @param version      the step
     * @param path         the checkpoint directory
     * @param contentHash  SHA-256 of the checkpoint's manifest
     * @param backboneHash the backbone's content hash, or empty without one
     * @param method       the method's setting name
     * @param nextOffsets  the next offset of every input partition
     * @param validation   ID-validation metrics
     * @param createdAt    when the checkpoint became durable
     * @return the event
     */
    public static CheckpointEvent event(String experiment, long version, String path, String contentHash,
                                        String backboneHash, String method, Map<TopicPartition, Long> nextOffsets,
                                        Map<String, Double> validation, Instant createdAt) {
        List<PartitionOffset> offsets = new ArrayList<>();
        PartitionOffsets.sortedCopy(nextOffsets).forEach((tp, o) -> offsets.add(PartitionOffset.newBuilder()
                .setTopic(tp.topic()).setPartition(tp.partition()).setOffset(o).build()));
        return CheckpointEvent.newBuilder().setExperiment(experiment).setVersion(version).setPath(path)
                .setContentHash(contentHash).setBackboneHash(backboneHash).setMethod(method).setNextOffsets(offsets)
                .setValidationMetrics(new java.util.HashMap<>(validation)).setCreatedAt(createdAt).build();
    }

    /**
     * Tells whether the topic already holds an experiment's event of a version, as {@code read_committed} consumers
     * see it. A resumed trainer asks before announcing the checkpoint it resumed from: a run that died between its
     * checkpoint and its event left none, and only then is the event published again. The topic is compacted and
     * small (a record per version until compaction, then one per experiment), so it is read from its start.
     *
     * @param consumer   a consumer of the topic (any group; nothing is committed); closed by its owner
     * @param topic      the checkpoint-event topic
     * @param experiment the experiment, the records' key
     * @param version    the version
     * @param timeout    how long to read before giving up
     * @return true when an event of that experiment and version is there
     * @throws org.apache.kafka.common.errors.TimeoutException when the topic could not be read to its end in time
     */
    public static boolean published(Consumer<String, CheckpointEvent> consumer, String topic, String experiment,
                                    long version, Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("reading " + topic + " to its end took"
                        + " longer than " + timeout);
            }
            for (ConsumerRecord<String, CheckpointEvent> r : consumer.poll(Duration.ofMillis(200))) {
                if (experiment.equals(r.key()) && r.value() != null && r.value().getVersion() == version) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The transactional id of an experiment's event producer: one per experiment, so that a trainer that starts
     * fences any other of the same experiment.
     *
     * @param experiment the experiment
     * @return {@code levi-trainer-<experiment>}
     */
    public static String transactionalId(String experiment) {
        return "levi-trainer-" + experiment;
    }

    /**
     * Sends an event in a transaction of its own; the producer's transactions must be initialised. Returns when the
     * transaction is committed, so that {@code read_committed} readers (the evaluator) see the event.
     *
     * @param event the event
     * @return completed with the commit time in epoch milliseconds, or exceptionally when it could not be sent
     * @throws FencedException when another trainer of the experiment has started since: this one must stop
     */
    public CompletableFuture<Long> publish(CheckpointEvent event) {
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, event.getExperiment(), event));
            producer.commitTransaction();
            return CompletableFuture.completedFuture(System.currentTimeMillis());
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new FencedException("another trainer of experiment " + event.getExperiment() + " has started (it "
                    + "took the transactional id " + transactionalId(event.getExperiment()) + "); this one stops "
                    + "before version " + event.getVersion() + " is announced", e);
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException ignored) {
                // The producer is unusable; the next publish reports that.
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Another trainer of the same experiment fenced this one. */
    public static final class FencedException extends TrainerRefusal {
        private static final long serialVersionUID = 1L;

        FencedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
