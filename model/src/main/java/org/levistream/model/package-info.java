/**
 * LEVI and its baselines in DJL: frozen backbones whose layers are tapped (and the catalogue of pre-trained ones),
 * small task models trained from scratch, the adapting layers that join them, an optimizer whose state can be saved
 * exactly, the checkpoint format, the one definition of the metrics and of scoring, and the one way a backbone,
 * model and trainer are assembled from settings. This module never imports Kafka or Avro; the trainer, the
 * evaluator and the offline experiment build on it.
 */
package org.levistream.model;
