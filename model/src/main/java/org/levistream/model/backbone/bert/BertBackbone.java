package org.levistream.model.backbone.bert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.TapInfo;
import org.levistream.model.internal.Sha256;

/**
 * A pre-trained BERT sentence encoder (all-MiniLM-L6-v2) whose published ONNX weights run in a DJL
 * {@link BertEncoder} on our libtorch, so that it trains, caches and moves to a GPU like every other backbone.
 *
 * <p>Input: {@code [ids, mask]}, two {@code [batch, T]} int64 arrays from {@link BertTokenizer}, with
 * {@code T <= }{@link #MAX_LENGTH}, padded to the batch's longest text. {@link #inputShape()} is therefore
 * {@code (MAX_LENGTH)}: the most tokens one example may have, not a fixed width. Taps: the attention-masked mean
 * over tokens of the embeddings' output ({@code embeddings}) and of each layer's ({@code layer1} .. {@code layer6}),
 * {@code [batch, 384]} each; the last is sentence-transformers' (unnormalized) sentence embedding.
 *
 * <p>Format: the original ONNX file, byte for byte, so the content hash is the file's published SHA-256.
 * {@link #writeTo} writes those bytes: the pre-trained state, whatever fine-tuning did since.
 */
public final class BertBackbone implements Backbone {
    /** Names the {@link #writeTo} format in a backbone store. */
    public static final String KIND = "bert-onnx";
    /** The most tokens (special tokens included) one example may have, as in sentence-transformers. */
    public static final int MAX_LENGTH = 256;
    /** Attention heads of all-MiniLM-L6-v2; ONNX does not record them outside the graph's constants. */
    private static final int HEADS = 12;

    private final byte[] onnx;
    private final Path file;
    private final String contentHash;
    private final Device device;
    private final NDManager manager;
    private final BertEncoder encoder;
    private final List<TapInfo> taps;
    private final Map<String, Parameter> parameters;
    private boolean trainable;

    private BertBackbone(byte[] onnx, Path file, Device device) throws IOException {
        this.contentHash = Sha256.hex(onnx);
        this.file = file;
        this.onnx = file == null ? onnx : null;   // a stored file is read again by writeTo, not kept on the heap
        this.device = device;
        this.manager = NDManager.newBaseManager(device);
        try {
            OnnxModel model = OnnxModel.parse(onnx);
            if (!model.inputs().containsAll(List.of("input_ids", "attention_mask"))) {
                throw new IOException("the ONNX graph's inputs are " + model.inputs()
                        + "; a BERT encoder takes input_ids and attention_mask");
            }
            Map<String, OnnxModel.Tensor> weights = BertWeights.named(model);
            BertConfig config = BertConfig.of(weights, HEADS);
            this.encoder = new BertEncoder(config, weights, manager);
            this.parameters = Collections.unmodifiableMap(encoder.namedParameters());
            List<TapInfo> t = new ArrayList<>();
            t.add(new TapInfo("embeddings", config.hidden()));
            for (int l = 1; l <= config.layers(); l++) {
                t.add(new TapInfo("layer" + l, config.hidden()));
            }
            this.taps = List.copyOf(t);
            setTrainable(false);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Loads the encoder from an ONNX file.
     *
     * @param file   e.g. {@code all-minilm-l6-v2.onnx}
     * @param device where the parameters live
     * @return the backbone, frozen; its content hash is the file's SHA-256
     * @throws IOException if the file cannot be read or is not a BERT encoder
     */
    public static BertBackbone load(Path file, Device device) throws IOException {
        try {
            return new BertBackbone(Files.readAllBytes(file), file, device);
        } catch (IOException e) {
            throw new IOException("cannot load BERT backbone " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the encoder from an ONNX file's bytes, e.g. a resource of a jar.
     *
     * @param onnx   the whole file
     * @param device where the parameters live
     * @return the backbone, frozen; its content hash is the bytes' SHA-256
     * @throws IOException if the bytes are not a BERT encoder
     */
    public static BertBackbone read(byte[] onnx, Device device) throws IOException {
        return new BertBackbone(onnx.clone(), null, device);
    }

    /**
     * Runs the encoder and returns every layer's token outputs, not pooled.
     *
     * @param input    {@code [ids, mask]}
     * @param training whether this is a training pass
     * @return {@code [batch, T, 384]} per tap, in {@link #taps()} order, in the input's manager
     */
    public NDList hiddenStates(NDList input, boolean training) {
        checkInput(input);
        ParameterStore store = new ParameterStore(input.head().getManager(), false);
        return encoder.forward(store, input, training);
    }

    /**
     * Runs the embeddings and only the first {@code depth} layers, e.g. to cache the input of the top layers.
     *
     * @param input    {@code [ids, mask]}
     * @param depth    layers to run, 0 .. {@link #layers()}
     * @param training whether this is a training pass
     * @return {@code depth + 1} arrays {@code [batch, T, 384]}: the embeddings' output, then each layer's
     */
    public NDList hiddenStates(NDList input, int depth, boolean training) {
        if (depth < 0 || depth > layers()) {
            throw new IllegalArgumentException("depth was " + depth + " but must be in [0, " + layers() + "]");
        }
        checkInput(input);
        ParameterStore store = new ParameterStore(input.head().getManager(), false);
        return encoder.forward(store, input, training,
                new PairList<>(List.of(BertEncoder.DEPTH), List.<Object>of(depth)));
    }

    /** The encoder's layers (6 for all-MiniLM-L6-v2). */
    public int layers() {
        return encoder.config().layers();
    }

    @Override
    public NDList taps(NDList input, boolean training) {
        return meanPooled(hiddenStates(input, training), input.get(1));
    }

    /**
     * sentence-transformers' mean pooling of token outputs: padding is left out, and the count never goes below
     * 1e-9.
     *
     * @param states {@code [B, T, hidden]} arrays
     * @param mask   {@code [B, T]} int64, 1 for a token
     * @return one {@code [B, hidden]} array per state
     */
    public static NDList meanPooled(NDList states, NDArray mask) {
        NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2);   // [B, T, 1]
        NDArray count = m.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE);
        NDList out = new NDList(states.size());
        for (NDArray h : states) {
            out.add(h.mul(m).sum(new int[] {1}).div(count));
        }
        return out;
    }

    /**
     * Copies the top layers' parameters into a new encoder that holds only them.
     *
     * @param from    the first (0-based) layer to copy
     * @param manager owns the copies
     * @return the encoder; it runs layers {@code from ..} through {@link BertEncoder#layers}
     */
    BertEncoder copyOfLayersFrom(int from, NDManager manager) {
        Map<String, NDArray> arrays = new java.util.LinkedHashMap<>();
        for (int l = from; l < layers(); l++) {
            String prefix = "encoder.layer." + l + ".";
            parameters.forEach((name, p) -> {
                if (name.startsWith(prefix)) {
                    arrays.put(name, p.getArray());
                }
            });
        }
        return new BertEncoder(encoder.config(), manager, arrays);
    }

    private static void checkInput(NDList input) {
        if (input.size() != 2 || input.get(0).getShape().dimension() != 2
                || !input.get(0).getShape().equals(input.get(1).getShape())) {
            throw new IllegalArgumentException("a BERT backbone takes [ids, mask], two [batch, tokens] arrays; got "
                    + input.getShapes().length + " arrays of shapes " + java.util.Arrays.toString(input.getShapes()));
        }
        if (input.get(0).getShape().get(1) > MAX_LENGTH) {
            throw new IllegalArgumentException("the batch has " + input.get(0).getShape().get(1)
                    + " tokens per example; at most " + MAX_LENGTH + " are allowed (truncate when tokenizing)");
        }
    }

    @Override
    public List<TapInfo> taps() {
        return taps;
    }

    @Override
    public Shape inputShape() {
        return new Shape(MAX_LENGTH);
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
        if (file != null) {
            Files.copy(file, out);
        } else {
            out.write(onnx);
        }
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    @Override
    public void setTrainable(boolean trainable) {
        encoder.freezeParameters(!trainable);
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
}
