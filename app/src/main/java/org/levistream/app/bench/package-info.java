/**
 * {@code levi bench}: throughput programs (training, ingest) that print each rate next to a baseline measured in
 * the same run, as a ratio.
 */
package org.levistream.app.bench;
