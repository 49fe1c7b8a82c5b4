package org.levistream.ingest.sources;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One source a split file declares: a name for messages, its type, its files as written (relative to the data folder,
 * or absolute) and, for images, the domain tag its records carry.
 *
 * @param name   unique within the file
 * @param type   what the files are
 * @param paths  the type's path keys ({@link SourceType#pathKeys()}, plus {@code metadata} when given) to the paths
 *               as written
 * @param domain the domain tag of every image read; {@code null} for interactions
 * @param invert image folders: whether the images have dark ink on a light background
 */
public record DataSource(String name, SourceType type, Map<String, String> paths, String domain, boolean invert) {
    /** Checks that the type's paths are all there and that images, and only images, have a domain. */
    public DataSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        paths = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(paths));
        for (String key : type.pathKeys()) {
            if (!paths.containsKey(key)) {
                throw new IllegalArgumentException("needs " + key + " for type " + type.yamlName());
            }
        }
        if (type.images() != (domain != null)) {
            throw new IllegalArgumentException(type.images() ? "needs domain for type " + type.yamlName()
                    : "domain was '" + domain + "' but interaction sources take none");
        }
    }

    /** An IDX pair. */
    public static DataSource idx(String name, String images, String labels, String domain) {
        return new DataSource(name, SourceType.IDX, Map.of("images", images, "labels", labels), domain, false);
    }

    /** A source whose one file is {@code path}. */
    public static DataSource file(String name, SourceType type, String path, String domain) {
        return new DataSource(name, type, Map.of("path", path), domain, false);
    }

    /** The file or folder under {@code key}, resolved against {@code dataDir} unless absolute. */
    public Path resolve(String key, Path dataDir) {
        String written = paths.get(key);
        if (written == null) {
            throw new IllegalArgumentException("source '" + name + "' has no " + key);
        }
        return dataDir.resolve(written);
    }

    /** How messages name it: {@code source 'mine' (image-folder)}. */
    public String describe() {
        return "source '" + name + "' (" + type.yamlName() + ")";
    }
}
