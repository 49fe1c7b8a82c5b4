/**
 * Benchmark programs of the trainer (not tests): training throughput when consuming from Kafka against the same
 * loop over the same batches in memory, and freshness, from a record's produce time to the first durable
 * checkpoint that includes it and to that checkpoint's {@code CheckpointEvent}. Each reports against a baseline or
 * a goal measured in the same run; results depend on the machine and its load.
 */
package org.levistream.bench.trainer;
