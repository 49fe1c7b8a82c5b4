/**
 * The training loop and the service around it: {@link org.levistream.trainer.loop.TrainerService#start} opens the
 * model, finds where to resume (the newest verified checkpoint, else the start point), waits for Kafka, starts the
 * batch feed and trains, checkpointing every N steps or T seconds: the state is copied between two steps and
 * written on a thread of its own while training goes on. After each durable checkpoint it prunes old ones, commits
 * the group offsets and publishes a {@code CheckpointEvent}.
 */
package org.levistream.trainer.loop;
