/**
 * How the benchmarks measure and summarise: CPU time by thread from procfs, the facts about the JVM that change a
 * figure, medians over rounds and percentiles of a sample.
 */
package org.levistream.bench.measure;
