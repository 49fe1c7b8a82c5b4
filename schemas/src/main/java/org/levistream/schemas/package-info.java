/**
 * LEVI Stream's records on the wire: the Avro schemas and their generated classes ({@code avro}), a
 * Confluent-compatible schema registry client ({@code registry}) and the Confluent wire-format serde
 * ({@code serde}) that every service reads and writes Kafka records with.
 */
package org.levistream.schemas;
