package org.levistream.schemas.registry.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A thread-safe least-recently-used map with a fixed capacity. Holds registry answers that never change
 * (an id's schema, a subject+schema's id), so an evicted entry only costs one more request.
 */
public final class BoundedCache<K, V> {
    private final Map<K, V> entries;

    /** @param capacity the most entries kept; the least recently used one goes first */
    public BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value, or {@code null}. */
    public synchronized V get(K key) {
        return entries.get(key);
    }

    /** Caches {@code value} under {@code key}. */
    public synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    /**
     * The cached value, or the loaded one. The loader runs outside the lock (it does I/O); two threads missing
     * the same key at once may both load, and both get a correct answer.
     */
    public V computeIfAbsent(K key, Function<K, V> loader) {
        V cached = get(key);
        if (cached != null) {
            return cached;
        }
        V loaded = loader.apply(key);
        put(key, loaded);
        return loaded;
    }

    /** Drops every entry whose key matches. */
    public synchronized void removeIf(java.util.function.Predicate<K> matches) {
        entries.keySet().removeIf(matches);
    }

    /** Entries held now. */
    public synchronized int size() {
        return entries.size();
    }

    /** Drops everything. */
    public synchronized void clear() {
        entries.clear();
    }
}
