/**
 * Scoring versions on the held-out samples: the bottom-k samples, the per-experiment state and stores, checkpoint
 * verification and loading, and the processor that scores in bounded slices from a punctuator.
 */
package org.levistream.evaluator.scoring;
