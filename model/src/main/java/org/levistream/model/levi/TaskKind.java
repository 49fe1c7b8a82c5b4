package org.levistream.model.levi;

/** What the model predicts, and so which loss it trains with. */
public enum TaskKind {
    /** A rating per example (recommendation); output {@code [batch]}, loss mean squared error. */
    RATING,
    /** One of N classes per example (images); output {@code [batch, N]} logits, loss softmax cross-entropy. */
    CLASSIFICATION
}
