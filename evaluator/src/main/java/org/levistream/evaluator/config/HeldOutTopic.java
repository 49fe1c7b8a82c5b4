package org.levistream.evaluator.config;

import java.util.Optional;
import org.levistream.schemas.avro.Split;

/**
 * A held-out topic's place in the naming convention {@code levi ingest} follows: {@code <stream>.holdout} holds the
 * in-distribution held-out records of the live topic {@code <stream>}, {@code <stream>.ood.<name>} an
 * out-of-distribution set. A trainer reading {@code <stream>} is scored on exactly these topics.
 *
 * @param topic  the topic
 * @param stream the live topic it belongs to, e.g. {@code levi.interactions}
 * @param split  {@link Split#ID} or {@link Split#OOD}
 */
public record HeldOutTopic(String topic, String stream, Split split) {
    private static final String ID_SUFFIX = ".holdout";
    private static final String OOD_INFIX = ".ood.";

    /**
     * Reads a topic name.
     *
     * @param topic the name
     * @return its place, or empty when it follows neither form
     */
    public static Optional<HeldOutTopic> parse(String topic) {
        if (topic.endsWith(ID_SUFFIX) && topic.length() > ID_SUFFIX.length()) {
            return Optional.of(new HeldOutTopic(topic, topic.substring(0, topic.length() - ID_SUFFIX.length()), Split.ID));
        }
        int ood = topic.lastIndexOf(OOD_INFIX);
        if (ood > 0 && ood + OOD_INFIX.length() < topic.length()) {
            return Optional.of(new HeldOutTopic(topic, topic.substring(0, ood), Split.OOD));
        }
        return Optional.empty();
    }
}
