/**
 * The dead-letter contract every service shares: the one setting naming the topic poison records go to
 * ({@link org.levistream.schemas.deadletter.DeadLetterTopic}), and the header names and how their values are encoded
 * ({@link org.levistream.schemas.deadletter.DeadLetterHeaders}). Defined once here, so that a tool reading dead
 * letters needs to know only this package.
 */
package org.levistream.schemas.deadletter;
