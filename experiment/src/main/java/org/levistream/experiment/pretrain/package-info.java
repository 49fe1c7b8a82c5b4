/**
 * Pre-training of the two benchmarks' backbones on their pre-training split (MovieLens up to 2002 for the two-tower
 * recommendation backbone, with separate item-content and user-context towers; Fashion-MNIST for the image CNN),
 * stored by content hash and catalogued in {@code backbones.json}. {@code levi pretrain} and
 * {@code levi experiment --quick} both call it.
 */
package org.levistream.experiment.pretrain;
