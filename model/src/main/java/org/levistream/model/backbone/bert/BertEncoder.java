package org.levistream.model.backbone.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A BERT encoder (Hugging Face's {@code BertModel} without the pooler) as one DJL block on the PyTorch engine,
 * with its parameters under the Hugging Face names. Computes exactly what sentence-transformers does: exact (erf)
 * GELU, LayerNorm with epsilon 1e-12, token type 0 everywhere, positions 0..T-1, padded keys masked out of
 * attention.
 *
 * <p>Input: {@code [ids, mask]}, both {@code [batch, T]} int64 (mask 1 for a token, 0 for padding). Output: the
 * embeddings' output and every layer's output, {@code layers + 1} arrays of {@code [batch, T, hidden]}. Linear
 * weights are kept as ONNX stores them, {@code [in, out]}, so that a layer is {@code x W + b}.
 */
final class BertEncoder extends AbstractBlock {
    private static final byte VERSION = 1;
    private final BertConfig config;

    /**
     * Builds the encoder and gives every parameter its pre-trained value.
     *
     * @param config  the sizes
     * @param weights every weight by Hugging Face name
     * @param manager owns the parameters
     */
    BertEncoder(BertConfig config, Map<String, OnnxModel.Tensor> weights, NDManager manager) {
        super(VERSION);
        this.config = config;
        for (OnnxModel.Tensor t : weights.values()) {
            if (t.name().equals("embeddings.position_ids")) {
                continue;
            }
            Parameter p = addParameter(Parameter.builder().setName(t.name()).setType(typeOf(t.name())).build());
            p.setArray(manager.create(t.values(), new Shape(t.dims())));
        }
    }

    /**
     * Builds an encoder over a subset of another's parameters, copied: e.g. only the top layers, which fine-tuning
     * then changes without touching the source's.
     *
     * @param config  the sizes
     * @param arrays  the parameters to copy, by Hugging Face name
     * @param manager owns the copies
     */
    BertEncoder(BertConfig config, NDManager manager, Map<String, NDArray> arrays) {
        super(VERSION);
        this.config = config;
        arrays.forEach((name, array) -> {
            Parameter p = addParameter(Parameter.builder().setName(name).setType(typeOf(name)).build());
            p.setArray(array.duplicate());
            p.getArray().attach(manager);
        });
    }

    /**
     * Returns the parameters by Hugging Face name, in file order.
     *
     * @return the live parameters
     */
    Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        parameters.forEach(out::put);
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        int depth = params == null || params.get(DEPTH) == null ? config.layers() : (Integer) params.get(DEPTH);
        NDArray x = embed(store, inputs.get(0), training);
        NDList out = new NDList(depth + 1);
        out.add(x);
        out.addAll(layers(store, x, inputs.get(1), 0, depth, training));
        return out;
    }

    /**
     * Runs layers {@code from .. to - 1} (0-based) over hidden states, e.g. the top layers over the cached output of
     * the ones below. The encoder must hold those layers' parameters.
     *
     * @param store    the step's parameter store
     * @param x        {@code [B, T, hidden]}, the output of layer {@code from - 1} (or of the embeddings)
     * @param mask     {@code [B, T]} int64, 1 for a token and 0 for padding
     * @param from     the first layer to run
     * @param to       one past the last
     * @param training whether this is a training pass
     * @return each layer's output, {@code [B, T, hidden]}
     */
    NDList layers(ParameterStore store, NDArray x, NDArray mask, int from, int to, boolean training) {
        // Additive attention bias [B, 1, 1, T]: 0 for tokens, the lowest float for padding, as Hugging Face does.
        NDArray bias = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(-Float.MAX_VALUE)
                .expandDims(1).expandDims(1);
        NDList out = new NDList(to - from);
        for (int l = from; l < to; l++) {
            x = layer(store, "encoder.layer." + l + ".", x, bias, training);
            out.add(x);
        }
        return out;
    }

    /** The forward parameter that stops after this many layers (the embeddings' output always comes first). */
    static final String DEPTH = "depth";

    /** The sizes. */
    BertConfig config() {
        return config;
    }

    private NDArray embed(ParameterStore store, NDArray ids, boolean training) {
        long t = ids.getShape().get(1);
        NDArray words = lookup(value(store, "embeddings.word_embeddings.weight", ids, training), ids);
        NDArray positions = value(store, "embeddings.position_embeddings.weight", ids, training).get("0:" + t);
        // Token type 0 everywhere: sentence-transformers passes zeros, so row 0 of the table is added to every token.
        NDArray type = value(store, "embeddings.token_type_embeddings.weight", ids, training).get("0");
        return norm(store, "embeddings.LayerNorm.", words.add(positions).add(type), training);
    }

    private NDArray layer(ParameterStore store, String p, NDArray x, NDArray bias, boolean training) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.heads();
        int d = config.hidden() / heads;
        NDArray q = heads(linear(store, p + "attention.self.query.", x, training), b, t, heads, d);
        NDArray k = heads(linear(store, p + "attention.self.key.", x, training), b, t, heads, d);
        NDArray v = heads(linear(store, p + "attention.self.value.", x, training), b, t, heads, d);
        // Not div(Number): DJL frees that scalar as soon as div returns, while autograd keeps pointing at it for the
        // backward pass, which then divides by whatever the reclaimed memory holds (NaN query and key gradients in
        // Amazon FT). An array in x's manager lives until the step's scope closes, after the backward pass.
        NDArray scale = x.getManager().create((float) Math.sqrt(d));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(scale).add(bias);
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, config.hidden());
        NDArray attended = norm(store, p + "attention.output.LayerNorm.",
                linear(store, p + "attention.output.dense.", context, training).add(x), training);
        // PyTorch's gelu defaults to the exact form x * Phi(x), which is BERT's "gelu", not the tanh approximation.
        NDArray hidden = Activation.gelu(linear(store, p + "intermediate.dense.", attended, training));
        return norm(store, p + "output.LayerNorm.", linear(store, p + "output.dense.", hidden, training)
                .add(attended), training);
    }

    private static NDArray heads(NDArray x, long b, long t, int heads, int d) {
        return x.reshape(b, t, heads, d).transpose(0, 2, 1, 3);
    }

    private NDArray linear(ParameterStore store, String prefix, NDArray x, boolean training) {
        return x.matMul(value(store, prefix + "weight", x, training)).add(value(store, prefix + "bias", x, training));
    }

    private NDArray norm(ParameterStore store, String prefix, NDArray x, boolean training) {
        return LayerNorm.layerNorm(x, new Shape(config.hidden()), value(store, prefix + "weight", x, training),
                value(store, prefix + "bias", x, training), BertConfig.LAYER_NORM_EPS).head();
    }

    private static NDArray lookup(NDArray table, NDArray ids) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).head();
    }

    private NDArray value(ParameterStore store, String name, NDArray like, boolean training) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalStateException("the encoder has no parameter " + name);
        }
        return store.getValue(p, like.getDevice(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        Shape[] out = new Shape[config.layers() + 1];
        java.util.Arrays.fill(out, new Shape(ids.get(0), ids.get(1), config.hidden()));
        return out;
    }

    private static Parameter.Type typeOf(String name) {
        if (name.contains("LayerNorm")) {
            return name.endsWith(".bias") ? Parameter.Type.BETA : Parameter.Type.GAMMA;
        }
        return name.endsWith(".bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
    }
}
