package org.levistream.experiment.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.common.config.Spelling;
import org.levistream.ingest.split.Destination;
import org.levistream.ingest.split.RecordFacts;
import org.levistream.ingest.split.RecordMatcher;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.ingest.split.SplitRule;

/**
 * What the data offered a split plan: the genres and domains its records have. A rule that names a value no record has
 * can never match (a misspelt {@code anyOf: [Horor]} gave no OOD set and exit 0), and an OOD set no record reached
 * measures nothing; both are the user's to fix, so loading fails and says which rule, which value, and the closest
 * values the data has.
 */
final class SplitCoverage {
    private static final int CLOSEST = 3;

    private final SplitPlan plan;
    private final Set<String> genres = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> domains = new TreeSet<>();

    /** @param plan the plan the records are routed by */
    SplitCoverage(SplitPlan plan) {
        this.plan = plan;
    }

    /** Notes domains that exist though this load may not read their source (Fashion-MNIST is read for pre-training only). */
    void known(String... domainNames) {
        domains.addAll(List.of(domainNames));
    }

    /** Notes a record's genres and domain. */
    void saw(RecordFacts record) {
        genres.addAll(record.genres());
        if (record.domain() != null) {
            domains.add(record.domain());
        }
    }

    /**
     * Fails when a rule names a genre or domain no record has, or an OOD destination of the plan got no record.
     *
     * @param ood the OOD sets loaded, by {@code ood.<name>}
     * @throws InvalidConfigException listing every problem
     */
    void check(Map<String, ? extends ExampleSet> ood) {
        List<String> problems = new ArrayList<>();
        for (SplitRule rule : plan.rules()) {
            for (RecordMatcher m : rule.match()) {
                if (m instanceof RecordMatcher.Genres g) {
                    unknown(rule, "genres", union(g.anyOf(), g.noneOf()), genres, problems);
                } else if (m instanceof RecordMatcher.Domains d) {
                    unknown(rule, "domain", union(d.anyOf(), d.noneOf()), domains, problems);
                }
            }
        }
        for (String set : oodSets()) {
            ExampleSet loaded = ood.get(set);
            if (loaded == null || loaded.size() == 0) {
                problems.add("split: " + set + " received no record, so it would measure nothing; check the "
                        + "conditions of the rules that send records there");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    private void unknown(SplitRule rule, String key, Set<String> named, Set<String> known, List<String> problems) {
        for (String value : named) {
            if (!known.contains(value)) {
                problems.add("split rule '" + rule.name() + "': match." + key + " names '" + value
                        + "', which no record has" + (known.isEmpty() ? "" : "; closest: "
                        + String.join(", ", closest(value, known))));
            }
        }
    }

    private Set<String> oodSets() {
        Set<String> sets = new LinkedHashSet<>();
        for (SplitRule rule : plan.rules()) {
            addIfOod(rule.to(), sets);
            rule.copies().forEach(copy -> addIfOod(copy.to(), sets));
        }
        return sets;
    }

    private static void addIfOod(Destination to, Set<String> sets) {
        if (to.kind() == Destination.Kind.OOD) {
            sets.add("ood." + to.oodName());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The known values nearest to {@code value} by edit distance, ignoring case. */
    static List<String> closest(String value, Set<String> known) {
        String wanted = value.toLowerCase(Locale.ROOT);
        return known.stream()
                .sorted(Comparator.comparingInt((String k) -> Spelling.distance(wanted, k.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(CLOSEST).toList();
    }
}
