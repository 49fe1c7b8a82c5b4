package org.levistream.model.backbone;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.internal.DurableFiles;
import org.levistream.model.internal.Json;
import org.levistream.model.internal.Sha256;

/**
 * Keeps each backbone once, under its content hash, so that checkpoints refer to it by hash instead of carrying
 * a copy. Layout: {@code <root>/<sha256>/backbone.levi}, {@code backbone.pt} or {@code backbone.onnx}, plus
 * {@code backbone.json}
 * (kind and input shape). Entries are written to a temporary directory and renamed into place.
 */
public final class BackboneStore {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final String DESCRIPTOR = "backbone.json";

    private final Path root;

    /**
     * Opens (and creates if needed) a store.
     *
     * @param root the store's folder
     * @throws IOException if the folder cannot be created
     */
    public BackboneStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    /** What {@code backbone.json} holds. */
    record Descriptor(String kind, String sha256, List<Long> inputShape) {}

    /**
     * Stores a backbone unless one with its hash is already there.
     *
     * @param backbone a backbone in its pre-trained state
     * @return its content hash, the key to {@link #open} it with
     * @throws IOException if writing fails
     * @throws IllegalStateException if the backbone's bytes no longer match its content hash (it was fine-tuned
     *                               after loading; save it as a new backbone instead)
     */
    public String put(Backbone backbone) throws IOException {
        String hash = backbone.contentHash();
        if (contains(hash)) {
            return hash;
        }
        Path tmp = Files.createTempDirectory(root, ".put-" + hash.substring(0, 12) + "-");
        try {
            Path file = tmp.resolve(fileName(backbone.kind()));
            try (OutputStream out = Files.newOutputStream(file)) {
                backbone.writeTo(out);
            }
            String written = Sha256.hex(file);
            if (!written.equals(hash)) {
                throw new IllegalStateException("backbone content hash is " + hash + " but its bytes now hash to "
                        + written + "; it was modified after loading");
            }
            Descriptor d = new Descriptor(backbone.kind(), hash, List.of(toBoxed(backbone.inputShape())));
            Json.MAPPER.writeValue(tmp.resolve(DESCRIPTOR).toFile(), d);
            DurableFiles.publishDirectory(tmp, root.resolve(hash));
        } finally {
            DurableFiles.deleteTree(tmp);
        }
        return hash;
    }

    /**
     * Tells whether a backbone with this hash is stored.
     *
     * @param hash a content hash
     * @return whether its folder exists
     */
    public boolean contains(String hash) {
        return HASH.matcher(hash).matches() && Files.isRegularFile(root.resolve(hash).resolve(DESCRIPTOR));
    }

    /**
     * Loads a stored backbone after checking that its file still hashes to its name.
     *
     * @param hash   the content hash
     * @param device where its parameters will live
     * @return the backbone, frozen; the caller closes it
     * @throws IOException if it is missing, corrupt or unreadable
     */
    public Backbone open(String hash, Device device) throws IOException {
        if (!contains(hash)) {
            throw new IOException("backbone " + hash + " is not in the store " + root);
        }
        Path dir = root.resolve(hash);
        Descriptor d = Json.MAPPER.readValue(dir.resolve(DESCRIPTOR).toFile(), Descriptor.class);
        Path file = dir.resolve(fileName(d.kind()));
        String actual = Sha256.hex(file);
        if (!actual.equals(hash)) {
            throw new IOException("backbone " + file + " is corrupt: its SHA-256 is " + actual);
        }
        return switch (d.kind()) {
            case BlockBackbone.KIND -> BlockBackbone.load(file, device);
            case BertBackbone.KIND -> BertBackbone.load(file, device);
            case TorchScriptBackbone.KIND -> TorchScriptBackbone.load(
                    file, new Shape(d.inputShape().stream().mapToLong(Long::longValue).toArray()), device);
            default -> throw new IOException("backbone " + hash + " has unknown kind " + d.kind());
        };
    }

    private static String fileName(String kind) {
        return Map.of(BlockBackbone.KIND, "backbone.levi", TorchScriptBackbone.KIND, "backbone.pt",
                        BertBackbone.KIND, "backbone.onnx")
                .getOrDefault(kind, "backbone.bin");
    }

    private static Long[] toBoxed(Shape shape) {
        return java.util.Arrays.stream(shape.getShape()).boxed().toArray(Long[]::new);
    }
}
