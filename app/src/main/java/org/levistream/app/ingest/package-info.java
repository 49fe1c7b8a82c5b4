/**
 * {@code levi ingest movielens|amazon|images}: the command line of the ingest service. Parses the options into an
 * {@link org.levistream.ingest.publish.IngestConfig} and a source, runs the
 * {@link org.levistream.ingest.publish.IngestJob}, shows progress on stderr and the summary on stdout.
 */
package org.levistream.app.ingest;
