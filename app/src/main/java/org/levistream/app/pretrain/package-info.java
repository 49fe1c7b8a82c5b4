/**
 * {@code levi pretrain}: reads the options and pre-trains the two benchmarks' backbones with the experiment module
 * ({@link org.levistream.experiment.pretrain.BackbonePretraining}): MovieLens up to 2002 for the two-tower
 * recommendation backbone, Fashion-MNIST for the image CNN, each stored by content hash.
 */
package org.levistream.app.pretrain;
