package org.levistream.embedded.registry;

/**
 * A version as a URL names it: a number in {@code [1, 2^31-1]} or {@code latest} (which Confluent also accepts
 * as {@code -1}).
 *
 * @param value the version number, or {@link #LATEST}
 */
record VersionId(int value) {
    static final int LATEST = -1;

    /**
     * Parses a version from a URL path.
     *
     * @throws RegistryException 42202 for anything but a positive int or {@code latest}
     */
    static VersionId parse(String text) {
        if ("latest".equalsIgnoreCase(text.trim())) {
            return new VersionId(LATEST);
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 || value == LATEST) {
                return new VersionId(value);
            }
        } catch (NumberFormatException e) {
            // reported below, with the text as given
        }
        throw RegistryException.invalidVersion(text);
    }

    boolean isLatest() {
        return value == LATEST;
    }
}
