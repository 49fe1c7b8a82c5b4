/**
 * The checkpoint format: one directory per step, written atomically (temporary directory, fsync, rename), with
 * trainable parameters, optimizer state, step and seed, settings and their hash, the backbone's content hash,
 * caller metadata, and a manifest of SHA-256 checksums that {@link org.levistream.model.checkpoint.CheckpointStore#verify}
 * checks. Kafka offsets travel as caller metadata; this package knows nothing of Kafka.
 */
package org.levistream.model.checkpoint;
