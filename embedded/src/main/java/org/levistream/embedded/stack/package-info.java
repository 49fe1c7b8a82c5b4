/**
 * The one-machine stack: the embedded Kafka broker and, on top of it, the in-process schema registry, started
 * together and closed in reverse order. This is what {@code levi stack}, the demo and the integration tests run on.
 */
package org.levistream.embedded.stack;
