package org.levistream.model.assembly;

/**
 * How a {@link ModelAssembly} is put together beyond the model's own settings.
 *
 * @param tapCacheEntries bound of the tap cache; 0 for none. A cache is only ever built for a method that keeps
 *                        the backbone frozen, since a trained backbone's taps go stale.
 * @param zeroIdTables    whether the small model's id tables start at zero instead of the model's random
 *                        initialisation: an id never seen in training then contributes a zero vector, not noise
 */
public record AssemblyOptions(int tapCacheEntries, boolean zeroIdTables) {
    /** No tap cache, id tables as the model initialises them. */
    public static final AssemblyOptions DEFAULT = new AssemblyOptions(0, false);

    /** Checks the cache bound. */
    public AssemblyOptions {
        if (tapCacheEntries < 0) {
            throw new IllegalArgumentException("tapCacheEntries was " + tapCacheEntries + " but must be >= 0");
        }
    }
}
