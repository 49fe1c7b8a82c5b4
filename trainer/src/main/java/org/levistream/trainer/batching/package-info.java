/**
 * Kafka to ready batches, on a thread of its own ahead of the training step: one reader
 * ({@link org.levistream.trainer.batching.PartitionReader}: a {@code read_committed} consumer, Avro decoding recording
 * the schema ids seen, poison handed to dead letters, and a fixed round-robin over the input partitions,
 * {@link org.levistream.trainer.batching.PartitionRotation}, so that a batch's records do not depend on how
 * {@code poll()} happens to interleave partitions), the feed that runs it and queues featurized batches, and the
 * group commits it makes. Featurizers ({@link org.levistream.trainer.batching.BatchBuilder}) turn the records into
 * model batches.
 */
package org.levistream.trainer.batching;
