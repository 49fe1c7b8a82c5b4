/**
 * {@code levi train}: the continual trainer as a command, with console progress, and the run logic
 * ({@link org.levistream.app.train.TrainerRun}) that {@code levi replay} shares.
 */
package org.levistream.app.train;
