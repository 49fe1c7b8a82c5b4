package org.levistream.model.backbone.bert;

import java.io.IOException;
import java.util.Map;

/**
 * The sizes of a BERT encoder, read off its weights' shapes.
 *
 * @param vocabulary  word-piece vocabulary size
 * @param positions   maximum number of positions
 * @param hidden      hidden width (384 for MiniLM-L6)
 * @param layers      number of transformer layers
 * @param heads       attention heads; not stored in the weights, so given
 * @param intermediate feed-forward width
 */
record BertConfig(int vocabulary, int positions, int hidden, int layers, int heads, int intermediate) {
    /** LayerNorm's epsilon in BERT (Hugging Face's layer_norm_eps). */
    static final float LAYER_NORM_EPS = 1e-12f;

    /**
     * Reads the sizes from named weights.
     *
     * @param weights as {@link BertWeights#named} returns them
     * @param heads   attention heads (12 for all-MiniLM-L6-v2)
     * @return the sizes
     * @throws IOException if a required weight is missing or the hidden width is not divisible by the heads
     */
    static BertConfig of(Map<String, OnnxModel.Tensor> weights, int heads) throws IOException {
        long[] words = dims(weights, "embeddings.word_embeddings.weight");
        long[] positions = dims(weights, "embeddings.position_embeddings.weight");
        long[] ffn = dims(weights, "encoder.layer.0.intermediate.dense.weight");
        int layers = 0;
        while (weights.containsKey("encoder.layer." + layers + ".output.LayerNorm.weight")) {
            layers++;
        }
        int hidden = (int) words[1];
        if (layers == 0 || hidden % heads != 0) {
            throw new IOException("not a BERT encoder: " + layers + " layers, hidden width " + hidden + ", " + heads
                    + " heads");
        }
        return new BertConfig((int) words[0], (int) positions[0], hidden, layers, heads, (int) ffn[1]);
    }

    private static long[] dims(Map<String, OnnxModel.Tensor> weights, String name) throws IOException {
        OnnxModel.Tensor t = weights.get(name);
        if (t == null) {
            throw new IOException("not a BERT encoder: the ONNX file has no weight " + name);
        }
        return t.dims();
    }
}
