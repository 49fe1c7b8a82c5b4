/**
 * The one definition of every score a model gets: RMSE and MAE for ratings (predictions clipped to the rating scale
 * first), accuracy and NLL for classes ({@link org.levistream.model.metrics.Metrics}), the accumulator that computes
 * them ({@link org.levistream.model.metrics.MetricAccumulator}) and the scorer that runs a model over a list of
 * examples in chunks ({@link org.levistream.model.metrics.Scorer}). The trainer's ID validation, the offline
 * experiment and the evaluator all score through here, so their numbers agree.
 */
package org.levistream.model.metrics;
