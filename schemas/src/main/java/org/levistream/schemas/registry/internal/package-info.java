/**
 * The registry client's machinery: the HTTP transport with failover and retries, TLS setup, JSON shapes and the
 * bounded caches. Not for callers outside {@code org.levistream.schemas}.
 */
package org.levistream.schemas.registry.internal;
