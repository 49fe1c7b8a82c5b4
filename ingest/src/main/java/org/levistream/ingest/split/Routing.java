package org.levistream.ingest.split;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the router decided for one record: the rule that matched (none: dropped, unmatched) and the deliveries, the
 * record itself first (unless its destination is {@code drop}), then the rule's copies in file order.
 *
 * @param rule       the matching rule; empty when no rule matched
 * @param deliveries what to deliver where; empty when the record is dropped and has no copies
 * @param <T>        the record type
 */
public record Routing<T>(Optional<SplitRule> rule, List<Delivery<T>> deliveries) {
    /** Copies the list. */
    public Routing {
        Objects.requireNonNull(rule, "rule");
        deliveries = List.copyOf(deliveries);
    }

    /** Whether a rule matched. */
    public boolean matched() {
        return rule.isPresent();
    }

    /** The original record's destination: the rule's {@code to}, or {@code drop} when no rule matched. */
    public Destination destination() {
        return rule.map(SplitRule::to).orElse(Destination.DROP);
    }
}
