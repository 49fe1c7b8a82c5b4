/**
 * LEVI and its baselines in DJL: frozen backbones whose layers are tapped, small task models trained from
 * scratch, the adapting layers that join them, an optimizer whose state can be saved exactly, and the
 * checkpoint format. This module never imports Kafka; the trainer and evaluator build on it.
 */
package org.levistream.model;
