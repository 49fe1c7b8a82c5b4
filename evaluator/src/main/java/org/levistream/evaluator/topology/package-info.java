/**
 * The evaluator's Kafka Streams topology (Processor API, exactly-once): routers that read held-out records and
 * version announcements once and place them on the work topic, and the sinks of metrics, alerts and dead letters.
 */
package org.levistream.evaluator.topology;
