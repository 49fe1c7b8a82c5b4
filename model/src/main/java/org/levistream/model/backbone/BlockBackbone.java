package org.levistream.model.backbone;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.internal.Seeds;
import org.levistream.model.internal.Sha256;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.model.tensor.TensorCodec;

/**
 * A backbone built from DJL blocks: a {@link SequentialBlock} of stages, each tapped at its output. This is what
 * {@code levi pretrain} trains and saves; LEVI then loads it frozen.
 *
 * <p>File format ({@code .levi}, version 1): the 8 ASCII bytes {@code LEVIBB01}, the architecture as a
 * modified-UTF-8 JSON string ({@link DataOutputStream#writeUTF}), then the parameters in {@link TensorCodec}
 * layout. The content hash is the SHA-256 of exactly these bytes.
 */
public final class BlockBackbone implements Backbone {
    /** Names the {@link #writeTo} format in a {@link BackboneStore}. */
    public static final String KIND = "block";

    private static final byte[] MAGIC = "LEVIBB01".getBytes(StandardCharsets.US_ASCII);
    /** Feature maps are max-pooled after a stage while they are at least this high (28 → 14 → 7). */
    private static final long MIN_POOLED_HEIGHT = 8;

    private final BackboneArchitecture architecture;
    private final Device device;
    private final NDManager manager;
    private final SequentialBlock stages;
    private final List<TapInfo> taps;
    private final Map<String, Parameter> parameters;
    private final String contentHash;
    private boolean trainable;

    private BlockBackbone(BackboneArchitecture architecture, Device device, Initializer initializer,
                          List<NamedTensor> values, String knownHash) {
        this.architecture = architecture;
        this.device = device;
        this.manager = NDManager.newBaseManager(device);
        try {
            this.stages = buildStages(architecture);
            if (initializer != null) {
                stages.setInitializer(initializer, p -> true);
            }
            Shape batchOfOne = new Shape(1).addAll(shapeOf(architecture.inputShape()));
            stages.initialize(manager, DataType.FLOAT32, batchOfOne);
            this.parameters = namedParameters(stages);
            if (values != null) {
                loadValues(values);
            }
            this.taps = describeTaps(architecture);
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
        BackboneArchitecture architecture = org.levistream.model.internal.Json.MAPPER
                .readValue(data.readUTF(), BackboneArchitecture.class);
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
        NDList out = new NDList(taps.size());
        NDList x = input;
        int i = 0;
        for (Block stage : stages.getChildren().values()) {
            x = stage.forward(store, x, training);
            out.add(TapReduction.toRows(x.head(), taps.get(i++).name()));
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
        stages.freezeParameters(!trainable);
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

    private static SequentialBlock buildStages(BackboneArchitecture architecture) {
        SequentialBlock stages = new SequentialBlock();
        long height = architecture.kind() == BackboneArchitecture.Kind.CNN ? architecture.inputShape().get(1) : 0;
        for (int width : architecture.widths()) {
            SequentialBlock stage = new SequentialBlock();
            if (architecture.kind() == BackboneArchitecture.Kind.MLP) {
                stage.add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock());
            } else {
                stage.add(Conv2d.builder().setFilters(width).setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1)).build())
                        .add(Activation.reluBlock());
                if (height >= MIN_POOLED_HEIGHT) {
                    stage.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
                    height /= 2;
                }
            }
            stages.add(stage);
        }
        return stages;
    }

    private static List<TapInfo> describeTaps(BackboneArchitecture architecture) {
        List<TapInfo> taps = new ArrayList<>();
        for (int i = 0; i < architecture.widths().size(); i++) {
            taps.add(new TapInfo("layer" + (i + 1), architecture.widths().get(i)));
        }
        return List.copyOf(taps);
    }

    private static Map<String, Parameter> namedParameters(Block block) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        block.getParameters().forEach(pair -> named.put(pair.getKey(), pair.getValue()));
        return Collections.unmodifiableMap(named);
    }

    static Shape shapeOf(List<Long> dims) {
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }
}
