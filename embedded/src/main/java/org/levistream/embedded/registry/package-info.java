/**
 * An in-process, Confluent-compatible schema registry: the REST API that Confluent's clients and ours call,
 * served by the JDK's HTTP server and stored, as Confluent stores it, in a compacted {@code _schemas} topic.
 * {@link org.levistream.embedded.registry.InProcessSchemaRegistry} is the handle callers start and close;
 * {@link org.levistream.embedded.registry.RegistrySettings} says where it listens and which topic it keeps.
 */
package org.levistream.embedded.registry;
