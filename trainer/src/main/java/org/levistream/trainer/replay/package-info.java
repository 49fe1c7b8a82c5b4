/**
 * Replay experiments: an isolated trainer (its own experiment id, consumer group and checkpoint folder) over a
 * stretch of the input topics, from a checkpoint, offsets or a time to offsets or a time, with its own settings.
 * It stops at its end; replays over the same stretch with the same settings reach the same parameters.
 */
package org.levistream.trainer.replay;
