/**
 * Where Kafka and the schema registry are: {@link org.levistream.app.kafka.KafkaOptions}, the picocli mixin every
 * command that talks to Kafka shares, with one default each and the environment read through the settings layering.
 */
package org.levistream.app.kafka;
