package org.levistream.ingest.split;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a split file: when every condition of {@code match} holds (an empty match takes every record), the
 * record goes to {@code to}, and each of {@code copies} makes an extra copy.
 *
 * @param index   the rule's 0-based position in the file
 * @param name    the rule's name, for summaries (default {@code rule-<index>})
 * @param match   conditions, all required
 * @param to      the record's destination
 * @param copies  extra copies
 */
public record SplitRule(int index, String name, List<RecordMatcher> match, Destination to, List<CopyRule> copies) {
    /** Copies the lists and checks for nulls. */
    public SplitRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(to, "to");
        match = List.copyOf(match);
        copies = List.copyOf(copies);
    }

    /** Whether every condition holds for {@code record}. */
    public boolean matches(RecordFacts record) {
        for (RecordMatcher m : match) {
            if (!m.matches(record)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this rule takes every record (no conditions). */
    public boolean matchesEverything() {
        return match.isEmpty();
    }
}
