/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside the calling JVM,
 * for tests and the one-machine default. {@link org.levistream.embedded.kafka.EmbeddedKafka} owns it;
 * {@link org.levistream.embedded.kafka.BrokerSettings} says where it listens and where it keeps its log.
 */
package org.levistream.embedded.kafka;
