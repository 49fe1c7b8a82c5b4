/**
 * Kafka to ready batches, on a thread of its own ahead of the training step: one reader
 * ({@link org.levistream.trainer.batching.PartitionReader}: a {@code read_committed} consumer, decoding recording the
 * schema ids seen, poison handed to dead letters, and a fixed round-robin over the input partitions,
 * {@link org.levistream.trainer.batching.PartitionRotation}, so that a batch's records do not depend on how
 * {@code poll()} happens to interleave partitions), the feed that runs it and queues featurized batches, and the
 * group commits it makes. The pipeline is generic in the decoded record's type and never looks inside a record; the
 * two ends that do are per record type: a {@link org.levistream.trainer.batching.RecordDecoder} (interactions or
 * images) and the {@link org.levistream.trainer.batching.BatchBuilder} that names it and turns its records into
 * model batches.
 */
package org.levistream.trainer.batching;
