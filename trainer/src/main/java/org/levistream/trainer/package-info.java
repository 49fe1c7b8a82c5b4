/**
 * The LEVI trainer: reads interactions from Kafka ({@code read_committed}), composes batches in an order that does
 * not depend on how {@code poll()} interleaves partitions, trains LEVI or a baseline, and writes checkpoints that
 * carry the next offset of every input partition, so that a killed trainer resumes exactly. Packages by feature:
 * {@code config}, {@code position}, {@code batching}, {@code checkpoint}, {@code events}, {@code validation},
 * {@code metrics}, {@code loop} and {@code replay}.
 */
package org.levistream.trainer;
