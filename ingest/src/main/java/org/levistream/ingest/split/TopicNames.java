package org.levistream.ingest.split;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Topic names of one stream, per DESIGN §3: {@code <prefix><stream>} (live), {@code <prefix><stream>.holdout},
 * {@code <prefix><stream>.ood.<name>}; e.g. {@code levi.interactions.ood.late-users}.
 *
 * @param prefix empty, or ending with '.' (default {@value #DEFAULT_PREFIX})
 * @param stream the stream's name: lowercase letters, digits, '-'
 */
public record TopicNames(String prefix, String stream) {
    /** The default prefix. */
    public static final String DEFAULT_PREFIX = "levi.";
    private static final Pattern PREFIX = Pattern.compile("(?:[a-zA-Z0-9_-]+(?:\\.[a-zA-Z0-9_-]+)*\\.)?");

    /** Checks both parts against Kafka's topic alphabet and our dotted layout. */
    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(stream, "stream");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topicPrefix was '" + prefix + "' but must be empty or dotted words "
                    + "ending with '.' (e.g. 'levi.'), using letters, digits, '_' and '-'");
        }
        if (!Destination.NAME.matcher(stream).matches()) {
            throw new IllegalArgumentException("stream was '" + stream
                    + "' but must be lowercase letters, digits and '-' (e.g. 'interactions')");
        }
    }

    /** The live topic, e.g. {@code levi.interactions}. */
    public String live() {
        return prefix + stream;
    }

    /** The ID held-out topic, e.g. {@code levi.interactions.holdout}. */
    public String holdout() {
        return live() + ".holdout";
    }

    /** The OOD topic of {@code name}, e.g. {@code levi.images.ood.rotated}. */
    public String ood(String name) {
        return live() + ".ood." + name;
    }

    /** The topic of {@code destination}; empty for {@code pretrain} and {@code drop}. */
    public Optional<String> topic(Destination destination) {
        return switch (destination.kind()) {
            case LIVE -> Optional.of(live());
            case HOLDOUT -> Optional.of(holdout());
            case OOD -> Optional.of(ood(destination.oodName()));
            case PRETRAIN, DROP -> Optional.empty();
        };
    }
}
