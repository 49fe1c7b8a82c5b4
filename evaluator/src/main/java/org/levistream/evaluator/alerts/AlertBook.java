package org.levistream.evaluator.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which degradation conditions of one experiment are open, so that a condition raises one alert while it holds and
 * one {@code resolved} record when a later version clears it. Its state is the set of open conditions
 * ({@code topic/metric}), small enough for a state store.
 */
public final class AlertBook {
    /** What happened to a condition with a version. */
    public enum Change {
        /** The condition began: raise an alert. */
        OPENED,
        /** The condition cleared: send a resolved record. */
        RESOLVED
    }

    /**
     * A change to announce.
     *
     * @param change  opened or resolved
     * @param verdict the verdict of the version that changed it
     */
    public record Transition(Change change, DegradationCheck.Verdict verdict) {}

    private final Set<String> open;

    /**
     * A book with the given open conditions (restored from a state store, or empty).
     *
     * @param open the open conditions, {@code topic/metric}
     */
    public AlertBook(Set<String> open) {
        this.open = new TreeSet<>(open);
    }

    /**
     * Applies a version's verdicts.
     *
     * @param verdicts every verdict of the version
     * @return the alerts to raise and the conditions resolved, in the verdicts' order; nothing for a condition that
     *         stays open or stays clear
     */
    public List<Transition> apply(List<DegradationCheck.Verdict> verdicts) {
        List<Transition> transitions = new ArrayList<>();
        for (DegradationCheck.Verdict v : verdicts) {
            if (v.degraded() && open.add(v.condition())) {
                transitions.add(new Transition(Change.OPENED, v));
            } else if (!v.degraded() && open.remove(v.condition())) {
                transitions.add(new Transition(Change.RESOLVED, v));
            }
        }
        return transitions;
    }

    /**
     * Whether any condition is open: then the version is not a reference for later ones.
     *
     * @return true while an alert is open
     */
    public boolean anyOpen() {
        return !open.isEmpty();
    }

    /**
     * The open conditions, for the state store.
     *
     * @return a copy
     */
    public Set<String> open() {
        return Set.copyOf(open);
    }
}
