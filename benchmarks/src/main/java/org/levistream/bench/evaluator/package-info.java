/**
 * Benchmark programs of the evaluator (not tests), on the embedded stack: how often its degradation alerts fire for
 * versions that are no worse (false alarms) and for versions known to be worse (detection), and how fast it reports a
 * version against the same scoring in memory. Results depend on the machine and its load.
 */
package org.levistream.bench.evaluator;
