/**
 * What the trainer writes to Kafka besides offsets: dead letters of poison records, and a
 * {@code CheckpointEvent} on the compacted {@code levi.checkpoints} topic for every durable checkpoint. Also makes
 * sure those topics exist with the right settings.
 */
package org.levistream.trainer.events;
