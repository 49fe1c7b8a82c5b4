package org.levistream.model.backbone;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.levistream.model.internal.Seeds;
import org.levistream.model.internal.Sha256;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.model.tensor.TensorCodec;

/**
 * A backbone built from DJL blocks as its {@link BackboneArchitecture} says: an MLP or CNN stack, or a content tower
 * and a user-context tower joined by joint layers; the layers the architecture names are tapped. This is what
 * {@code levi pretrain} trains and saves; LEVI then loads it frozen.
 *
 * <p>File format ({@code .levi}, version 1): the 8 ASCII bytes {@code LEVIBB01}, the architecture as a
 * modified-UTF-8 JSON string ({@link DataOutputStream#writeUTF}), then the parameters in {@link TensorCodec}
 * layout. The content hash is the SHA-256 of exactly these bytes. The architecture's {@code towers} and
 * {@code taps} fields came later; files without them (every MLP and CNN saved before) load as before and write back
 * the same bytes, while readers older than those fields reject a file that has them ("unrecognized field").
 */
public final class BlockBackbone implements Backbone {
    /** Names the {@link #writeTo} format in a {@link BackboneStore}. */
    public static final String KIND = "block";

    private static final byte[] MAGIC = "LEVIBB01".getBytes(StandardCharsets.US_ASCII);
    private final BackboneArchitecture architecture;
    private final Device device;
    private final NDManager manager;
    private final BackboneLayers layers;
    private final List<TapInfo> taps;
    /** Positions of the tapped layers among {@link BackboneArchitecture#layers()}. */
    private final int[] tapIndexes;
    private final Map<String, Parameter> parameters;
    private final String contentHash;
    private boolean trainable;

    private BlockBackbone(BackboneArchitecture architecture, Device device, Initializer initializer,
                          List<NamedTensor> values, String knownHash) {
        this.architecture = architecture;
        this.device = device;
        this.manager = NDManager.newBaseManager(device);
        try {
            this.layers = BackboneLayers.build(architecture);
            layers.initialize(manager, initializer);
            this.parameters = layers.parameters();
            if (values != null) {
                loadValues(values);
            }
            this.taps = architecture.tappedLayers();
            List<TapInfo> all = architecture.layers();
            this.tapIndexes = taps.stream().mapToInt(all::indexOf).toArray();
            setTrainable(false);
            this.contentHash = knownHash != null ? knownHash : Sha256.hex(serialize());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Builds a backbone with freshly initialised parameters (DJL's defaults: Xavier weights, zero biases).
     *
     * @param architecture the stack to build
     * @param seed         seeds the engine before initialisation, so equal seeds give equal parameters
     * @param device       where the parameters live
     * @return the backbone, frozen; the caller closes it
     */
    public static BlockBackbone create(BackboneArchitecture architecture, long seed, Device device) {
        Engine.getInstance().setRandomSeed(Seeds.forStep(seed, -1));
        return new BlockBackbone(architecture, device, null, null, null);
    }

    /**
     * Loads a backbone saved by {@link #save} or {@link #writeTo}.
     *
     * @param file   the {@code .levi} file
     * @param device where the parameters will live
     * @return the backbone, frozen; its content hash is the file's SHA-256
     * @throws IOException if the file cannot be read or is not a valid backbone
     */
    public static BlockBackbone load(Path file, Device device) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, device);
        } catch (IOException e) {
            throw new IOException("cannot load backbone " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a backbone from a stream in {@link #writeTo} format.
     *
     * @param in     the stream; read to its end, not closed
     * @param device where the parameters will live
     * @return the backbone, frozen; its content hash is the SHA-256 of the bytes read
     * @throws IOException if the bytes are not a valid backbone
     */
    public static BlockBackbone read(InputStream in, Device device) throws IOException {
        byte[] bytes = in.readAllBytes();
        DataInputStream data = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a LEVI block backbone: the file does not start with LEVIBB01");
        }
        BackboneArchitecture architecture;
        try {
            architecture = org.levistream.model.internal.Json.MAPPER.readValue(data.readUTF(),
                    BackboneArchitecture.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("its architecture is not one this version can build: " + e.getOriginalMessage(), e);
        }
        List<NamedTensor> values = TensorCodec.read(data, "backbone file");
        try {
            return new BlockBackbone(architecture, device, Initializer.ZEROS, values, Sha256.hex(bytes));
        } catch (IllegalArgumentException e) {
            throw new IOException("backbone file does not match its architecture: " + e.getMessage(), e);
        }
    }

    /**
     * Saves the backbone's current parameters atomically (a temporary file renamed into place).
     *
     * @param file the target file, conventionally {@code *.levi}
     * @return the SHA-256 of the written bytes: the hash {@link #load} will report for this file
     * @throws IOException if writing fails
     */
    public String save(Path file) throws IOException {
        byte[] bytes = serialize();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            org.levistream.model.internal.DurableFiles.fsyncFile(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Sha256.hex(bytes);
    }

    /**
     * Returns the architecture this backbone was built from.
     *
     * @return the architecture
     */
    public BackboneArchitecture architecture() {
        return architecture;
    }

    @Override
    public NDList taps(NDList input, boolean training) {
        ParameterStore store = new ParameterStore(input.head().getManager(), false);
        NDList all = layers.forward(store, input, training);
        NDList out = new NDList(taps.size());
        for (int t = 0; t < tapIndexes.length; t++) {
            out.add(TapReduction.toRows(all.get(tapIndexes[t]), taps.get(t).name()));
        }
        return out;
    }

    @Override
    public List<TapInfo> taps() {
        return taps;
    }

    @Override
    public Shape inputShape() {
        return shapeOf(architecture.inputShape());
    }

    @Override
    public String contentHash() {
        return contentHash;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.write(MAGIC);
        data.writeUTF(org.levistream.model.internal.Json.MAPPER.writeValueAsString(architecture));
        List<NamedTensor> values = new ArrayList<>(parameters.size());
        parameters.forEach((name, p) -> values.add(NamedTensor.copyOf(name, p.getArray())));
        TensorCodec.write(data, values);
        data.flush();
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    @Override
    public void setTrainable(boolean trainable) {
        layers.freeze(!trainable);
        this.trainable = trainable;
    }

    @Override
    public boolean isTrainable() {
        return trainable;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }

    private byte[] serialize() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private void loadValues(List<NamedTensor> values) {
        if (values.size() != parameters.size()) {
            throw new IllegalArgumentException("the file has " + values.size() + " tensors, the architecture "
                    + parameters.size() + " parameters");
        }
        for (NamedTensor t : values) {
            Parameter p = parameters.get(t.name());
            if (p == null) {
                throw new IllegalArgumentException("the file has tensor " + t.name()
                        + " but the architecture's parameters are " + parameters.keySet());
            }
            t.copyInto(p.getArray());
        }
    }

    static Shape shapeOf(List<Long> dims) {
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }
}
