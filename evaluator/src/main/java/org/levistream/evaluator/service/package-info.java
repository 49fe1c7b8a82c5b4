/** The running evaluator: topic setup and the Kafka Streams client with exactly-once processing. */
package org.levistream.evaluator.service;
