/**
 * Exactly-once resume. Every transaction of an ingest job also writes the job's committed position (results
 * consumed, pretrain file length, running counts, and fingerprints of the source, split file and order) to a
 * compacted topic, keyed by a job id derived from the arguments. A restarted run reads it back with
 * {@code read_committed} and skips exactly that many results.
 */
package org.levistream.ingest.resume;
