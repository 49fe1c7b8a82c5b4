package org.levistream.ingest.sources;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of source a split file can declare, with the keys each takes. Image types carry a {@code domain} that
 * split rules match on; interaction records have no domain tag, so interaction types take none.
 */
public enum SourceType {
    /** An IDX pair (MNIST, Fashion-MNIST): {@code images} and {@code labels}, plain or gzipped. */
    IDX("idx", true, List.of("images", "labels"), List.of()),
    /**
     * A folder per class, {@code path/<label>/*.png|jpg|jpeg|gif|bmp}; {@code invert: true} for dark ink on light
     * paper.
     */
    IMAGE_FOLDER("image-folder", true, List.of("path"), List.of("invert")),
    /** The 8x8 optical-digits CSV (sklearn's {@code digits.csv.gz}): {@code path}. */
    DIGITS_CSV("digits-csv", true, List.of("path"), List.of()),
    /**
     * MovieLens in any of its formats (the fetch script's joined CSV, ml-latest {@code ratings.csv}, ml-1m
     * {@code ratings.dat}, ml-100k {@code u.data}, or their folder), detected from {@code path}.
     */
    MOVIELENS_CSV("movielens-csv", false, List.of("path"), List.of()),
    /** Amazon review JSON lines: {@code path}, optionally a {@code metadata} file joined by {@code asin}. */
    AMAZON_JSONL("amazon-jsonl", false, List.of("path"), List.of("metadata"));

    private final String yamlName;
    private final boolean images;
    private final List<String> pathKeys;
    private final List<String> optionalKeys;

    SourceType(String yamlName, boolean images, List<String> pathKeys, List<String> optionalKeys) {
        this.yamlName = yamlName;
        this.images = images;
        this.pathKeys = pathKeys;
        this.optionalKeys = optionalKeys;
    }

    /** The name a split file uses. */
    public String yamlName() {
        return yamlName;
    }

    /** Whether it gives images (else interactions). */
    public boolean images() {
        return images;
    }

    /** The file or folder keys it requires, in the order messages list them. */
    public List<String> pathKeys() {
        return pathKeys;
    }

    /** The other keys it accepts besides {@code name}, {@code type}, {@code domain} and its path keys. */
    public List<String> optionalKeys() {
        return optionalKeys;
    }

    /** The type a split file names, if any. */
    public static Optional<SourceType> of(String yamlName) {
        return Arrays.stream(values()).filter(t -> t.yamlName.equals(yamlName)).findFirst();
    }

    /** Every type's name, for messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(SourceType::yamlName).toList();
    }
}
