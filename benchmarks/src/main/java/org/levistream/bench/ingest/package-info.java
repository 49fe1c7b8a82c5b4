/**
 * The ingest benchmark ({@code levi bench ingest}): interactions/s through the whole ingest path against a plain
 * byte-array producer sending the same bytes with the same settings, measured in the same run.
 */
package org.levistream.bench.ingest;
