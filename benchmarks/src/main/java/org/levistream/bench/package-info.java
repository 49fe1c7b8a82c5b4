/**
 * Every benchmark program, each with a floor or baseline measured in the same run: JMH benchmarks of CPU-side hot
 * paths ({@code serde}), whose throughput {@link org.levistream.bench.RatioReport} prints as a ratio against the
 * floor, and the programs that {@code levi bench} runs ({@code train}, {@code trainer}, {@code ingest}). No production
 * module depends on this one.
 */
package org.levistream.bench;
