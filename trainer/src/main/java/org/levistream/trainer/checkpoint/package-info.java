/**
 * The trainer's side of checkpoints: what a checkpoint records about the stream (the next offset of every input
 * partition, the rotation's cursor, the offset ranges consumed since the previous checkpoint, schema ids, ID
 * validation), loading the newest checkpoint that verifies with a fallback past corrupt ones, and retention (the
 * newest N and the best by ID validation). The files themselves are the model module's
 * {@link org.levistream.model.checkpoint.CheckpointStore} format.
 */
package org.levistream.trainer.checkpoint;
