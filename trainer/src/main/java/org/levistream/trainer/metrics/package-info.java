/**
 * The trainer's Prometheus metrics (Micrometer): samples trained, loss, consumer lag, checkpoint age and duration,
 * dead letters, and the device; served at {@code /metrics} by the JDK's HTTP server.
 */
package org.levistream.trainer.metrics;
