/**
 * Progress of long ingest runs for the person watching: results read, rate and ETA every few seconds, with the
 * total estimated from the source (an IDX header's count, a folder's files, or lines sampled from the start of a
 * text file) before reading starts.
 */
package org.levistream.ingest.progress;
