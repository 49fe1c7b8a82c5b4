package org.levistream.model.backbone;

import ai.djl.Device;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The backbones {@code levi pretrain} made, by name: {@code <dir>/backbones.json} maps a name to its content hash
 * and how it was made, and {@code <dir>/store/} is a {@link BackboneStore} holding each once. This class is the one
 * reader and writer of that file: {@code levi pretrain} writes it, the offline experiment and the trainer's
 * settings ({@code trainer.backbone.catalog}) read it.
 */
public final class BackboneCatalog {
    /** The catalogue's file name. */
    public static final String FILE = "backbones.json";
    /** The store's folder name, inside the catalogue's folder. */
    public static final String STORE = "store";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
            provenance = provenance == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        }
    }

    private final Path dir;
    private final Map<String, Entry> entries;
    private BackboneStore store;

    private BackboneCatalog(Path dir, Map<String, Entry> entries) {
        this.dir = dir;
        this.entries = entries;
    }

    /**
     * Opens a catalogue to add to, empty when the folder has none yet.
     *
     * @param dir the backbones folder
     * @return the catalogue
     * @throws IOException if the file exists but cannot be read
     */
    public static BackboneCatalog open(Path dir) throws IOException {
        return Files.exists(dir.resolve(FILE)) ? read(dir) : new BackboneCatalog(dir, new TreeMap<>());
    }

    /**
     * Reads an existing catalogue; creates nothing.
     *
     * @param dir the backbones folder, {@code levi pretrain}'s {@code --out}
     * @return the catalogue
     * @throws IOException if {@code backbones.json} is missing or cannot be read
     */
    public static BackboneCatalog read(Path dir) throws IOException {
        Map<String, Entry> entries = JSON.readValue(dir.resolve(FILE).toFile(),
                JSON.getTypeFactory().constructMapType(TreeMap.class, String.class, Entry.class));
        return new BackboneCatalog(dir, new TreeMap<>(entries));
    }

    /**
     * Returns the backbones folder.
     *
     * @return the folder holding {@code backbones.json} and the store
     */
    public Path dir() {
        return dir;
    }

    /**
     * Returns the store's folder, without creating it.
     *
     * @return {@code <dir>/store}
     */
    public Path storeDir() {
        return dir.resolve(STORE);
    }

    /**
     * Returns the store the backbones live in, creating its folder on first use.
     *
     * @return the store
     * @throws IOException if the folder cannot be created
     */
    public BackboneStore store() throws IOException {
        if (store == null) {
            store = new BackboneStore(storeDir());
        }
        return store;
    }

    /**
     * Adds or replaces an entry and rewrites the file atomically.
     *
     * @param name  the backbone's name, e.g. {@code movielens}
     * @param entry what to record
     * @throws IOException if the file cannot be written
     */
    public void put(String name, Entry entry) throws IOException {
        entries.put(name, entry);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".backbones", ".json");
        JSON.writeValue(tmp.toFile(), entries);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Looks a name up in the file only, without checking the store.
     *
     * @param name e.g. {@code movielens}
     * @return its entry, if the file has one with a content hash
     */
    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name)).filter(e -> e.sha256() != null);
    }

    /**
     * Finds an entry whose backbone is in the store.
     *
     * @param name e.g. {@code movielens}
     * @return the entry
     * @throws IOException naming the folder and what to run when the backbone is missing
     */
    public Entry entry(String name) throws IOException {
        Optional<Entry> e = find(name);
        if (e.isEmpty() || !store().contains(e.get().sha256())) {
            throw new IOException("no pre-trained " + name + " backbone in " + dir + "; run 'levi pretrain --out "
                    + dir + "' first");
        }
        return e.get();
    }

    /**
     * Returns a source that opens a fresh copy of the named backbone each time.
     *
     * @param name   e.g. {@code movielens}
     * @param device where each copy is loaded
     * @return the source
     * @throws IOException if the backbone is not catalogued and stored
     */
    public BackboneSource source(String name, Device device) throws IOException {
        String hash = entry(name).sha256();
        BackboneStore s = store();
        return () -> s.open(hash, device);
    }
}
