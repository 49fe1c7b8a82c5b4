/**
 * Kafka to ready batches, on a thread of its own ahead of the training step: a {@code read_committed} consumer,
 * Avro decoding (recording the schema ids seen), dead-lettering of poison records, and a fixed round-robin over the
 * input partitions ({@link org.levistream.trainer.batching.PartitionRotation}) so that a batch's records do not
 * depend on how {@code poll()} happens to interleave partitions. Featurizers
 * ({@link org.levistream.trainer.batching.BatchBuilder}) turn the records into model batches.
 */
package org.levistream.trainer.batching;
