package org.levistream.model.backbone;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.internal.Sha256;

/**
 * A user's own backbone: a TorchScript module whose {@code forward} returns its hidden states as a tuple or list
 * of tensors, one per tap, named {@code h0 .. h<n-1>} in return order. Loaded with DJL's PyTorch engine from a
 * local file (nothing is downloaded; run with {@code -Dai.djl.offline=true}).
 *
 * <p>With {@code training == false} DJL runs the module in inference mode, whose outputs are <em>inference
 * tensors</em> that autograd refuses to save; {@link #taps} therefore returns {@code duplicate()}s, which can feed
 * trainable layers.
 */
public final class TorchScriptBackbone implements Backbone {
    /** Names the {@link #writeTo} format in a {@link BackboneStore}. */
    public static final String KIND = "torchscript";

    private final Path file;
    private final Shape inputShape;
    private final Device device;
    private final ZooModel<NDList, NDList> model;
    private final Block block;
    private final List<TapInfo> taps;
    private final Map<String, Parameter> parameters;
    private final String contentHash;
    private boolean trainable;

    private TorchScriptBackbone(Path file, Shape inputShape, Device device, ZooModel<NDList, NDList> model,
                                String contentHash) {
        this.file = file;
        this.inputShape = inputShape;
        this.device = device;
        this.model = model;
        this.block = model.getBlock();
        this.contentHash = contentHash;
        Map<String, Parameter> named = new LinkedHashMap<>();
        block.getParameters().forEach(pair -> named.put(pair.getKey(), pair.getValue()));
        this.parameters = Collections.unmodifiableMap(named);
        setTrainable(false);
        this.taps = probeTaps();
    }

    /**
     * Loads a TorchScript module and probes its taps with one all-zero example.
     *
     * @param file       the {@code .pt} file
     * @param inputShape one example's shape, without the batch axis, e.g. {@code (8)}
     * @param device     where the module will run
     * @return the backbone, frozen; its content hash is the file's SHA-256
     * @throws IOException if the file cannot be read or is not a TorchScript module DJL can load
     */
    public static TorchScriptBackbone load(Path file, Shape inputShape, Device device) throws IOException {
        String hash = Sha256.hex(file);
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file.toAbsolutePath())
                .optEngine("PyTorch")
                .optDevice(device)
                // Without it DJL loads the weights as inference tensors, which full fine-tuning cannot train.
                .optOption("trainParam", "true")
                .build();
        ZooModel<NDList, NDList> model;
        try {
            model = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("cannot load TorchScript backbone " + file + ": " + e.getMessage(), e);
        }
        try {
            return new TorchScriptBackbone(file, inputShape, device, model, hash);
        } catch (RuntimeException e) {
            model.close();
            throw new IOException("TorchScript backbone " + file + " does not return tappable hidden states: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public NDList taps(NDList input, boolean training) {
        ParameterStore store = new ParameterStore(input.head().getManager(), false);
        NDList outputs = block.forward(store, input, training);
        NDList rows = new NDList(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            NDArray out = outputs.get(i);
            if (!training) {
                // Inference tensors cannot be saved for backward; a copy made outside inference mode can.
                NDArray copy = out.duplicate();
                out.close();
                out = copy;
            }
            rows.add(TapReduction.toRows(out, "h" + i));
        }
        return rows;
    }

    @Override
    public List<TapInfo> taps() {
        return taps;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public String contentHash() {
        return contentHash;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * Copies the module file this backbone was loaded from. Fine-tuned parameters are not written back: a
     * fine-tuned TorchScript backbone's weights travel in checkpoints.
     */
    @Override
    public void writeTo(OutputStream out) throws IOException {
        Files.copy(file, out);
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    @Override
    public void setTrainable(boolean trainable) {
        block.freezeParameters(!trainable);
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
        return model.getNDManager();
    }

    @Override
    public void close() {
        model.close();
    }

    private List<TapInfo> probeTaps() {
        try (NDManager probe = model.getNDManager().newSubManager()) {
            NDList rows = taps(new NDList(probe.zeros(new Shape(1).addAll(inputShape))), false);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("forward returned no tensors");
            }
            List<TapInfo> found = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                found.add(new TapInfo("h" + i, Math.toIntExact(rows.get(i).getShape().get(1))));
            }
            return List.copyOf(found);
        }
    }
}
