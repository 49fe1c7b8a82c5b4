/**
 * Featurizers: turn plain examples (a {@link org.levistream.model.features.RatingExample}, an image's 8-bit pixels)
 * into the float rows and hashed ids that LEVI's backbones and task models take. Recommendation features are the
 * item's content (GloVe mean of title words, genre multi-hot, release year) and the user's context from items
 * rated strictly before, kept in a bounded per-user state; images become normalized 28x28 rows; review texts
 * become hashed bags of words and bigrams ({@link org.levistream.model.features.TextBag}).
 */
package org.levistream.model.features;
