package org.levistream.ingest.split;

import java.util.Locale;

/** What a split file routes: interactions or images. Decides which matchers and actions make sense. */
public enum RecordKind {
    /** {@link org.levistream.schemas.domain.InteractionEvent}s. */
    INTERACTIONS,
    /** {@link org.levistream.schemas.domain.ImageEvent}s. */
    IMAGES;

    /** The name used in split files and as the default stream name: {@code interactions}, {@code images}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
