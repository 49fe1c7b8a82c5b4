package org.levistream.schemas.registry;

/**
 * What an {@link HttpSchemaRegistryClient} has sent since it was created; for tests, logs and metrics.
 *
 * @param requests       logical requests (cache hits are not requests)
 * @param failedAttempts attempts that got no answer or a 5xx, each followed by a failover or a retry round
 * @param retries        rounds over all URLs begun after a backoff
 */
public record RequestStats(long requests, long failedAttempts, long retries) {
}
