/**
 * Kafka serde for Avro in Confluent's wire format (magic byte 0, 4-byte big-endian schema id, Avro binary):
 * {@link org.levistream.schemas.serde.AvroSerializer}, {@link org.levistream.schemas.serde.AvroDeserializer} and
 * {@link org.levistream.schemas.serde.AvroSerde}, configured by Confluent's keys
 * ({@link org.levistream.schemas.serde.AvroSerdeConfig}) so that the bytes and subjects match Confluent's serde.
 */
package org.levistream.schemas.serde;
