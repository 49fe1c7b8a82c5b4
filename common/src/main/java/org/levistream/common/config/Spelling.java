package org.levistream.common.config;

/** Edit distance, for error messages that suggest what a misspelt key or value was meant to be. */
public final class Spelling {
    private Spelling() {
    }

    /**
     * Levenshtein distance: the fewest one-character insertions, deletions and substitutions from a to b.
     *
     * @param a one string
     * @param b the other
     * @return the distance
     */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
