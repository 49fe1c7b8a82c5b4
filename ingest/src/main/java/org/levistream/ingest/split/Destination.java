package org.levistream.ingest.split;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a rule sends a record. Written in split files as {@code live}, {@code holdout}, {@code ood.<name>},
 * {@code pretrain} (the file {@code levi pretrain} reads) or {@code drop}.
 *
 * @param kind    the kind of destination
 * @param oodName the OOD set's name for {@link Kind#OOD}, else {@code null}
 */
public record Destination(Kind kind, String oodName) {
    /** Lowercase letters and digits, '-' inside: safe in a topic name and never ambiguous with its dots. */
    static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    /** The allowed forms, for messages. */
    static final String ALLOWED = "live, holdout, pretrain, drop or ood.<name> (name: lowercase letters, digits, '-')";

    /** Kinds of destination. */
    public enum Kind {
        /** The live (ID) topic the trainer reads. */
        LIVE,
        /** The ID held-out topic, never trained on. */
        HOLDOUT,
        /** One OOD topic per name. */
        OOD,
        /** The pre-training file. */
        PRETRAIN,
        /** Nowhere. */
        DROP
    }

    /** Checks that an OOD destination has a valid name and only it has one. */
    public Destination {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.OOD) != (oodName != null)) {
            throw new IllegalArgumentException("oodName is required for OOD destinations and only for them");
        }
        if (oodName != null && !NAME.matcher(oodName).matches()) {
            throw new IllegalArgumentException("was 'ood." + oodName + "' but must be " + ALLOWED);
        }
    }

    /** The live topic. */
    public static final Destination LIVE = new Destination(Kind.LIVE, null);
    /** The held-out topic. */
    public static final Destination HOLDOUT = new Destination(Kind.HOLDOUT, null);
    /** The pre-training file. */
    public static final Destination PRETRAIN = new Destination(Kind.PRETRAIN, null);
    /** Nowhere. */
    public static final Destination DROP = new Destination(Kind.DROP, null);

    /** An OOD destination. */
    public static Destination ood(String name) {
        return new Destination(Kind.OOD, name);
    }

    /** Parses a split file's {@code to} value; the message of the exception says what is allowed. */
    public static Destination parse(String text) {
        return switch (text) {
            case "live" -> LIVE;
            case "holdout" -> HOLDOUT;
            case "pretrain" -> PRETRAIN;
            case "drop" -> DROP;
            default -> {
                if (!text.startsWith("ood.")) {
                    throw new IllegalArgumentException("was '" + text + "' but must be " + ALLOWED);
                }
                yield ood(text.substring("ood.".length()));
            }
        };
    }

    /** Whether records sent here go to a Kafka topic. */
    public boolean isTopic() {
        return kind == Kind.LIVE || kind == Kind.HOLDOUT || kind == Kind.OOD;
    }

    /** As written in split files. */
    @Override
    public String toString() {
        return kind == Kind.OOD ? "ood." + oodName : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
