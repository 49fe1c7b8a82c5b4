/**
 * The held-out records the evaluator keeps per topic: a bounded, seeded reservoir whose contents are a pure
 * function of the records seen, so that a restarted or rebalanced evaluator keeps the same sample.
 */
package org.levistream.evaluator.holdout;
