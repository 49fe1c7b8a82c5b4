/**
 * How fast ingest publishes: as fast as the producer takes records, in source order, or in event-time order at N
 * times real speed (a year of logs in minutes). Sources need not be sorted: a bounded, deterministic reorder buffer
 * sorts them within a window of records, so that a restarted run sees the same order and can skip what it published.
 */
package org.levistream.ingest.pacing;
