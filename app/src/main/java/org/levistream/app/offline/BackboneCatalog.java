package org.levistream.app.offline;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.levistream.model.backbone.BackboneStore;

/**
 * The backbones {@code levi pretrain} made, by benchmark name: {@code <dir>/backbones.json} maps a name to its
 * content hash and how it was made, and {@code <dir>/store/} is a {@link BackboneStore} holding each once.
 */
public final class BackboneCatalog {
    /** The catalogue's file name. */
    public static final String FILE = "backbones.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One catalogued backbone.
     *
     * @param sha256      its content hash, the key into the store
     * @param description the architecture and taps, for people
     * @param provenance  how it was trained: data, epochs, seed, metrics
     */
    public record Entry(String sha256, String description, Map<String, Object> provenance) {
        /** Copies the provenance. */
        public Entry {
            provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
        }
    }

    private final Path dir;
    private final BackboneStore store;
    private final Map<String, Entry> entries;

    private BackboneCatalog(Path dir, Map<String, Entry> entries) throws IOException {
        this.dir = dir;
        this.store = new BackboneStore(dir.resolve("store"));
        this.entries = entries;
    }

    /**
     * Opens a catalogue, empty when the folder has none yet.
     *
     * @param dir the backbones folder
     * @return the catalogue
     * @throws IOException if the file exists but cannot be read
     */
    public static BackboneCatalog open(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Map<String, Entry> entries = new TreeMap<>();
        if (Files.exists(file)) {
            entries.putAll(JSON.readValue(file.toFile(),
                    JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, Entry.class)));
        }
        return new BackboneCatalog(dir, entries);
    }

    /** The backbones folder. */
    public Path dir() {
        return dir;
    }

    /** The store the backbones live in. */
    public BackboneStore store() {
        return store;
    }

    /** Adds or replaces an entry and rewrites the file. */
    public void put(String name, Entry entry) throws IOException {
        entries.put(name, entry);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".backbones", ".json");
        JSON.writeValue(tmp.toFile(), entries);
        Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Finds an entry.
     *
     * @param name e.g. {@code movielens}
     * @return the entry
     * @throws IOException naming the folder and what to run when the backbone is missing
     */
    public Entry entry(String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null || !store.contains(e.sha256())) {
            throw new IOException("no pre-trained " + name + " backbone in " + dir + "; run 'levi pretrain --out "
                    + dir + "' first");
        }
        return e;
    }

    /** A source that opens a fresh copy of the named backbone for each run. */
    public BackboneSource source(String name, Device device) throws IOException {
        String hash = entry(name).sha256();
        return () -> store.open(hash, device);
    }
}
