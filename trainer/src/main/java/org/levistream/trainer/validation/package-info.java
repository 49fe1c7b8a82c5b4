/**
 * ID validation at each checkpoint: a bounded, deterministic sample of the ID held-out topic, read once at start,
 * scored with the current parameters (RMSE and MAE of ratings; accuracy and NLL of image classes). Retention keeps
 * the best checkpoint by it, and the numbers travel in the checkpoint and its {@code CheckpointEvent}. Never OOD data.
 */
package org.levistream.trainer.validation;
