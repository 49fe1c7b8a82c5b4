package org.levistream.model.backbone;

import java.util.Objects;

/**
 * Describes one tapped layer of a backbone.
 *
 * @param name  the tap's name, unique within its backbone (e.g. {@code layer2} or {@code h1})
 * @param width the number of features the tap yields per example: taps are {@code [batch, width]}
 */
public record TapInfo(String name, int width) {
    /** Validates the name and width. */
    public TapInfo {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a tap name must not be blank");
        }
        if (width < 1) {
            throw new IllegalArgumentException("tap " + name + " has width " + width + "; it must be at least 1");
        }
    }
}
