/**
 * Streaming readers for the sources users bring: MovieLens (ml-100k, ml-1m, ml-latest and our fetch script's joined
 * CSV), Amazon review JSON lines, and images (IDX pairs, folder-per-class trees, the 8x8 digits CSV). Each yields
 * {@link org.levistream.schemas.domain.InteractionEvent}s or {@link org.levistream.schemas.domain.ImageEvent}s one
 * at a time, in constant memory (small item catalogues aside), with every bad row reported as a
 * {@link org.levistream.ingest.readers.RejectedRow} that names its file, position and reason; a bad row never stops
 * reading.
 */
package org.levistream.ingest.readers;
