/**
 * A Confluent-compatible schema registry client: {@link org.levistream.schemas.registry.SchemaRegistryClient} and
 * its HTTP implementation, with caches, failover between registry URLs, retries with backoff, basic auth and TLS,
 * configured from Confluent's keys ({@link org.levistream.schemas.registry.RegistryClientConfig}).
 */
package org.levistream.schemas.registry;
