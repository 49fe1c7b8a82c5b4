/**
 * The split router: a YAML split file (an ordered list of rules, first match wins) that sends each record to the
 * live topic, the ID held-out topic, an OOD topic, the pre-training file or nowhere, and may add shifted image copies.
 * Routing is a pure function of the record and the file, so streamed and offline runs see the same sets.
 */
package org.levistream.ingest.split;
