/**
 * The training-step benchmark ({@code levi bench train}): samples/s of the offline protocol's model code on generated
 * data of the benchmarks' shapes, LEVI against full fine-tuning and LEVI with and without the tap cache, then our
 * LEVI recommendation step against the same step in PyTorch; every number measured in the same run, no Kafka.
 */
package org.levistream.bench.train;
