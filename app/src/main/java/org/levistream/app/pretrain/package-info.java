/**
 * {@code levi pretrain}: pre-trains the two benchmarks' backbones on their pre-training split (MovieLens up to 2002
 * for the two-tower recommendation backbone, with separate item-content and user-context towers; Fashion-MNIST for
 * the image CNN) and stores them by content hash.
 */
package org.levistream.app.pretrain;
