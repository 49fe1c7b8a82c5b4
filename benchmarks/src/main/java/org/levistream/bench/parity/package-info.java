/**
 * The streaming-equals-offline check ({@code levi bench parity}): a benchmark's training set, written to topics of
 * the embedded stack, trained with the real trainer and scored with the offline protocol's scorer, against the
 * offline protocol's own run with the same seed, epochs, batch size and learning rate.
 */
package org.levistream.bench.parity;
