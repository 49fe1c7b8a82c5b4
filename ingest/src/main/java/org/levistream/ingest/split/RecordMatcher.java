package org.levistream.ingest.split;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One condition of a rule's {@code match}; a rule matches when all of its conditions do. Each is a pure function of
 * the record's {@link RecordFacts}, so a record always meets the same conditions. Constructors reject bad settings
 * with a message that starts with the setting's name, e.g. {@code "fraction was 1.5 but must be in (0, 1]"}.
 */
public sealed interface RecordMatcher {
    /** Whether the record meets this condition. */
    boolean matches(RecordFacts record);

    /**
     * Event time in {@code [from, until)}; either end may be open ({@code null}).
     *
     * @param from  first instant included, or null
     * @param until first instant excluded, or null
     */
    record TimeRange(Instant from, Instant until) implements RecordMatcher {
        /** Needs one end at least, and from before until. */
        public TimeRange {
            if (from == null && until == null) {
                throw new IllegalArgumentException("needs from, until or both");
            }
            if (from != null && until != null && !from.isBefore(until)) {
                throw new IllegalArgumentException("until was " + until + " but must be after from (" + from + ")");
            }
        }

        @Override
        public boolean matches(RecordFacts record) {
            Instant t = record.eventTime();
            return (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
        }
    }

    /**
     * Genre or category sets, compared ignoring case: the record must have one of {@code anyOf} (when not empty)
     * and none of {@code noneOf}.
     *
     * @param anyOf  genres of which one is required; empty for no such requirement
     * @param noneOf genres none of which may be present
     */
    record Genres(Set<String> anyOf, Set<String> noneOf) implements RecordMatcher {
        /** Needs at least one genre named; copies the sets. */
        public Genres {
            anyOf = Set.copyOf(anyOf);
            noneOf = Set.copyOf(noneOf);
            if (anyOf.isEmpty() && noneOf.isEmpty()) {
                throw new IllegalArgumentException("anyOf and noneOf were both empty but one must name a genre");
            }
        }

        @Override
        public boolean matches(RecordFacts record) {
            return (anyOf.isEmpty() || hasAny(record.genres(), anyOf)) && !hasAny(record.genres(), noneOf);
        }

        private static boolean hasAny(List<String> genres, Set<String> wanted) {
            for (String genre : genres) {
                for (String w : wanted) {
                    if (genre.equalsIgnoreCase(w)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * A user cohort: the user id's {@link StableHash#bucket bucket} out of {@code buckets} is one of {@code in}.
     * All of a user's interactions fall in the same cohort; a different {@code salt} draws other cohorts.
     *
     * @param buckets number of buckets, at least 2
     * @param in      the buckets that match, each in [0, buckets)
     * @param salt    the hash seed
     */
    record Cohort(int buckets, SortedSet<Integer> in, int salt) implements RecordMatcher {
        /** Checks the bucket numbers. */
        public Cohort {
            if (buckets < 2) {
                throw new IllegalArgumentException("buckets was " + buckets + " but must be at least 2");
            }
            in = new TreeSet<>(in);
            if (in.isEmpty() || in.first() < 0 || in.last() >= buckets) {
                throw new IllegalArgumentException("in was " + in + " but must name buckets in [0, " + buckets + ")");
            }
            in = java.util.Collections.unmodifiableSortedSet(in);
        }

        @Override
        public boolean matches(RecordFacts record) {
            return record.userId() != null && in.contains(StableHash.bucket(record.userId(), buckets, salt));
        }
    }

    /**
     * A seeded random fraction of records, decided by the record key: the same record and seed always give the same
     * answer, whatever else is in the stream.
     *
     * @param fraction share of records that match, in (0, 1]
     * @param seed     the seed; another seed draws another sample
     */
    record Sample(double fraction, long seed) implements RecordMatcher {
        /** Checks the fraction. */
        public Sample {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction was " + fraction + " but must be in (0, 1]");
            }
        }

        @Override
        public boolean matches(RecordFacts record) {
            return StableHash.unit(record.recordKey(), seed) < fraction;
        }
    }

    /**
     * Words in the record's text ({@link RecordFacts#text()}: an interaction's review text, summary and item title),
     * compared as whole words ignoring case: the text must contain one of {@code anyWord}. A word is a run of letters
     * and digits, so {@code dog} matches "Dog food" and "dog-friendly" but not "dogs" or "hotdog": list the plural
     * forms too.
     *
     * @param anyWord words of which the text must contain one; lower-cased here
     */
    record Words(Set<String> anyWord) implements RecordMatcher {
        /** Needs at least one word, each a single run of letters and digits. */
        public Words {
            Set<String> lower = new java.util.LinkedHashSet<>();
            for (String word : anyWord) {
                if (word == null || word.isEmpty() || !word.codePoints().allMatch(Character::isLetterOrDigit)) {
                    throw new IllegalArgumentException("anyWord has '" + word
                            + "' but each must be one word of letters and digits, without spaces or punctuation");
                }
                lower.add(word.toLowerCase(Locale.ROOT));
            }
            if (lower.isEmpty()) {
                throw new IllegalArgumentException("anyWord was empty but must name at least one word");
            }
            anyWord = java.util.Collections.unmodifiableSet(lower);
        }

        @Override
        public boolean matches(RecordFacts record) {
            String text = record.text();
            int n = text.length();
            int i = 0;
            while (i < n) {
                while (i < n && !Character.isLetterOrDigit(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
                int start = i;
                while (i < n && Character.isLetterOrDigit(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
                if (i > start && anyWord.contains(text.substring(start, i).toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Image domains, compared exactly: one of {@code anyOf} (when not empty) and none of {@code noneOf}.
     *
     * @param anyOf  domains of which the image must have one; empty for no such requirement
     * @param noneOf domains the image must not have
     */
    record Domains(Set<String> anyOf, Set<String> noneOf) implements RecordMatcher {
        /** Needs at least one domain named; copies the sets. */
        public Domains {
            anyOf = Set.copyOf(anyOf);
            noneOf = Set.copyOf(noneOf);
            if (anyOf.isEmpty() && noneOf.isEmpty()) {
                throw new IllegalArgumentException("anyOf and noneOf were both empty but one must name a domain");
            }
        }

        @Override
        public boolean matches(RecordFacts record) {
            String domain = Objects.requireNonNullElse(record.domain(), "");
            return (anyOf.isEmpty() || anyOf.contains(domain)) && !noneOf.contains(domain);
        }
    }
}
