/**
 * JUnit 5 support for integration tests on the embedded stack: one broker and registry per test JVM, handed to
 * test methods as parameters, and unique per-test names for topics and consumer groups.
 */
package org.levistream.embedded.junit;
