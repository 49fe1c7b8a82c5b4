/**
 * {@code levi bench}: the command lines of the throughput programs (training step, trainer, ingest), each printing its
 * rate next to a baseline measured in the same run, as a ratio. The programs themselves live in the benchmarks module.
 */
package org.levistream.app.bench;
