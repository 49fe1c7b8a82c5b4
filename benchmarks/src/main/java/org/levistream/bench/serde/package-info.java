/** Serialize + deserialize through our Confluent-format serde against Avro's own binary encoding. */
package org.levistream.bench.serde;
