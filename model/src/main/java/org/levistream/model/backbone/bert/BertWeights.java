package org.levistream.model.backbone.bert;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names every weight of a BERT encoder exported to ONNX by PyTorch, with the names of the Hugging Face module it
 * came from (e.g. {@code encoder.layer.0.attention.self.query.weight}).
 *
 * <p>The exporter keeps the names of biases and LayerNorm parameters but renames the linear layers' weights
 * {@code onnx::MatMul_N} (stored transposed, {@code [in, out]}). Each such weight is named from the graph: it feeds
 * a MatMul whose output the next Add sums with a named bias {@code X.bias}, so the weight is {@code X.weight}. Node
 * names are not relied upon; they are free-form in ONNX.
 */
final class BertWeights {
    private BertWeights() {}

    /**
     * Names the float weights of a BERT graph.
     *
     * @param model the parsed ONNX file
     * @return float tensors by Hugging Face name, linear weights as {@code [in, out]}
     * @throws IOException if a MatMul weight cannot be tied to a named bias
     */
    static Map<String, OnnxModel.Tensor> named(OnnxModel model) throws IOException {
        Map<String, OnnxModel.Tensor> init = model.initializers();
        Map<String, List<OnnxModel.Node>> consumers = new HashMap<>();
        for (OnnxModel.Node n : model.nodes()) {
            n.inputs().forEach(i -> consumers.computeIfAbsent(i, k -> new java.util.ArrayList<>()).add(n));
        }
        Map<String, OnnxModel.Tensor> named = new LinkedHashMap<>();
        for (OnnxModel.Tensor t : init.values()) {
            if (t.values().length == 0) {
                continue;                                      // int64 constants such as position_ids
            }
            if (!t.name().startsWith("onnx::")) {
                named.put(t.name(), t);
                continue;
            }
            String bias = biasOf(t.name(), consumers, init);
            String name = bias.substring(0, bias.length() - ".bias".length()) + ".weight";
            named.put(name, new OnnxModel.Tensor(name, t.dims(), t.values()));
        }
        return named;
    }

    private static String biasOf(String weight, Map<String, List<OnnxModel.Node>> consumers,
                                 Map<String, OnnxModel.Tensor> init) throws IOException {
        for (OnnxModel.Node matMul : consumers.getOrDefault(weight, List.of())) {
            if (!matMul.opType().equals("MatMul")) {
                continue;
            }
            for (OnnxModel.Node add : consumers.getOrDefault(matMul.outputs().get(0), List.of())) {
                if (!add.opType().equals("Add")) {
                    continue;
                }
                for (String in : add.inputs()) {
                    if (in.endsWith(".bias") && init.containsKey(in)) {
                        return in;
                    }
                }
            }
        }
        throw new IOException("initializer " + weight + " feeds no MatMul followed by an Add of a named bias; this"
                + " is not a BERT graph as PyTorch exports it");
    }
}
