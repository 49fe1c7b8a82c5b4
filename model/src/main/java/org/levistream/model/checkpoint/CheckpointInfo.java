package org.levistream.model.checkpoint;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code checkpoint.json} says about a checkpoint.
 *
 * @param format       the format version, {@value CheckpointStore#FORMAT}
 * @param step         steps taken when it was written (the next step's number)
 * @param seed         the run's seed; with {@code step} it is the random state (the engine is reseeded from
 *                     both before every step)
 * @param settingsHash {@code ModelSpec.settingsHash()} of the settings below
 * @param settings     the model's settings, dotted keys
 * @param backboneHash the content hash of the backbone the run started from (in the backbone store), or
 *                     {@code null} for a run without one
 * @param metadata     the caller's string metadata (the trainer stores offsets, schema ids, experiment id)
 * @param provenance   how it was made: library versions, engine, device, Java version
 */
public record CheckpointInfo(int format, long step, long seed, String settingsHash, Map<String, String> settings,
                             String backboneHash, Map<String, String> metadata, Map<String, String> provenance) {
    /** Copies the maps, sorted so that the JSON is canonical. */
    public CheckpointInfo {
        Objects.requireNonNull(settingsHash, "settingsHash");
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
        metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(metadata == null ? Map.of() : metadata));
        provenance = java.util.Collections.unmodifiableMap(new TreeMap<>(provenance == null ? Map.of() : provenance));
        if (step < 0) {
            throw new IllegalArgumentException("step was " + step + " but must be >= 0");
        }
    }
}
