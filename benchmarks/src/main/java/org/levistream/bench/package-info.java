/**
 * JMH benchmarks of CPU-side hot paths. Every benchmark class has a floor or baseline measured in the same run,
 * and {@link org.levistream.bench.RatioReport} prints each path's throughput as a ratio against it.
 */
package org.levistream.bench;
