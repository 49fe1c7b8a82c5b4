/**
 * {@code levi bench}: the command lines of the throughput programs (training, ingest), each printing its rate next
 * to a baseline measured in the same run, as a ratio. The trainer and ingest programs live in the benchmarks module;
 * {@code bench train} still runs the offline protocol's model code here until that code leaves the app.
 */
package org.levistream.app.bench;
