/**
 * The ingest job: reads a source, routes it by a split file and publishes it to Kafka exactly once, in one
 * transaction per chunk that also commits the source position, writes pretrain records to an Avro file that is
 * truncated back to its committed length on resume, and dead-letters bad rows with their reason and origin.
 * {@link org.levistream.ingest.publish.IngestJob} is the entry point; the CLI builds its
 * {@link org.levistream.ingest.publish.IngestConfig} and {@link org.levistream.ingest.publish.IngestSource}.
 */
package org.levistream.ingest.publish;
