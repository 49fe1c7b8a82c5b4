package org.levistream.model.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * A pre-trained network whose intermediate layers ("taps") are LEVI's pre-trained views h_l1(x) .. h_lK(x).
 *
 * <p>Every tap is returned as a {@code [batch, width]} array: convolutional feature maps are averaged over
 * their spatial axes and sequence outputs over their time axis, so that callers (projections, the tap cache)
 * never depend on a layer's layout. LEVI keeps the backbone frozen; full fine-tuning makes it trainable through
 * {@link #setTrainable}.
 *
 * <p>A backbone owns its parameters' {@link NDManager} and is closed by whoever created it.
 */
public interface Backbone extends AutoCloseable {

    /**
     * Runs the backbone and returns every tap, in {@link #taps()} order.
     *
     * @param input    the batch, {@code [batch, ...inputShape]} arrays; results are created in the input's
     *                 manager, so a step's scope owns them. A text backbone
     *                 ({@link org.levistream.model.backbone.bert.BertBackbone}) takes two arrays, token ids and
     *                 attention mask, {@code [batch, T]} with T up to its {@link #inputShape()}
     * @param training whether this is a training pass; with {@code false} the outputs carry no gradient and
     *                 are safe to feed to trainable layers
     * @return one {@code [batch, width]} array per tap
     */
    NDList taps(NDList input, boolean training);

    /**
     * Describes the taps, in the order {@link #taps(NDList, boolean)} returns them; the last is the deepest.
     *
     * @return the taps' names and widths
     */
    List<TapInfo> taps();

    /**
     * Returns the shape of one example, without the batch axis.
     *
     * @return e.g. {@code (16)} for a feature vector or {@code (1, 28, 28)} for an image
     */
    Shape inputShape();

    /**
     * Returns the SHA-256 (hex) of the bytes {@link #writeTo} produced when the backbone was created or loaded,
     * i.e. of its pre-trained state. Fine-tuning the parameters later does not change it: checkpoints record
     * it as the backbone they started from.
     *
     * @return 64 lowercase hex digits
     */
    String contentHash();

    /**
     * Names the format {@link #writeTo} produces, so that a store can load it back.
     *
     * @return {@code block} or {@code torchscript}
     */
    String kind();

    /**
     * Writes the backbone's current state in its own format: for a block backbone its architecture and
     * parameters, for a TorchScript backbone the module file it was loaded from.
     *
     * @param out the stream; not closed
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;

    /**
     * Returns the backbone's parameters by stable name, in a stable order.
     *
     * @return the parameters; the map is unmodifiable, the parameters are live
     */
    Map<String, Parameter> parameters();

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) every parameter. Backbones start frozen.
     *
     * @param trainable whether gradients should flow into the backbone's parameters
     */
    void setTrainable(boolean trainable);

    /**
     * Returns whether the parameters currently take gradients.
     *
     * @return the last value given to {@link #setTrainable}, {@code false} at first
     */
    boolean isTrainable();

    /**
     * Returns the device the parameters live on.
     *
     * @return the device
     */
    Device device();

    /**
     * Returns the manager that owns the parameters; tests cap it to catch arrays leaking into it.
     *
     * @return the parameters' manager
     */
    NDManager manager();

    /** Releases the parameters. */
    @Override
    void close();
}
