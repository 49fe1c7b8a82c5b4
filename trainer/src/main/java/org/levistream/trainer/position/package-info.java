/**
 * Where a trainer starts and where it stops, as users write them ({@code earliest}, {@code offsets:...},
 * {@code timestamp:...}, {@code checkpoint:EXP@VERSION}) and as Kafka offsets once resolved against the brokers.
 * Offsets follow Kafka's convention: the next offset to read.
 */
package org.levistream.trainer.position;
