/**
 * The dead-letter contract every service shares: {@link org.levistream.schemas.deadletter.DeadLetterTopic}, the one
 * setting naming the topic poison records go to.
 */
package org.levistream.schemas.deadletter;
