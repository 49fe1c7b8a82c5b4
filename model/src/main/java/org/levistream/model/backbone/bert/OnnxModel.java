package org.levistream.model.backbone.bert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX file that loading its weights needs: the graph's initializers (float tensors) and its nodes
 * (op type, inputs, outputs), plus the graph's input and output names. Read straight from the protobuf wire format,
 * so that no protobuf library joins the classpath for one file format.
 *
 * <p>Fields read (onnx.proto3): ModelProto.graph = 7; GraphProto.node = 1, initializer = 5, input = 11,
 * output = 12; NodeProto.input = 1, output = 2, name = 3, op_type = 4; TensorProto.dims = 1, data_type = 2,
 * float_data = 4, name = 8, raw_data = 9 (little-endian); ValueInfoProto.name = 1. Everything else is skipped.
 */
final class OnnxModel {
    /** TensorProto.DataType.FLOAT. */
    private static final int FLOAT = 1;

    /**
     * One float initializer.
     *
     * @param name   its graph name
     * @param dims   its shape
     * @param values row-major values; owned by this record, never exposed outside the package
     */
    record Tensor(String name, long[] dims, float[] values) {}

    /**
     * One graph node.
     *
     * @param name    its name (may be empty)
     * @param opType  e.g. {@code MatMul}
     * @param inputs  input value names
     * @param outputs output value names
     */
    record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    private final Map<String, Tensor> initializers;
    private final List<Node> nodes;
    private final List<String> inputs;
    private final List<String> outputs;

    private OnnxModel(Map<String, Tensor> initializers, List<Node> nodes, List<String> inputs, List<String> outputs) {
        this.initializers = initializers;
        this.nodes = nodes;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * Parses a serialized ModelProto.
     *
     * @param bytes the whole file
     * @return the model's graph
     * @throws IOException if the bytes are not a valid ONNX model with an embedded float graph
     */
    static OnnxModel parse(byte[] bytes) throws IOException {
        try {
            Wire model = new Wire(ByteBuffer.wrap(bytes));
            Wire graph = null;
            while (model.hasMore()) {
                int tag = model.tag();
                if (tag >>> 3 == 7 && (tag & 7) == 2) {
                    graph = model.message();
                } else {
                    model.skip(tag);
                }
            }
            if (graph == null) {
                throw new IOException("the ONNX model has no graph (field 7)");
            }
            return parseGraph(graph);
        } catch (RuntimeException e) {
            throw new IOException("not a readable ONNX model: " + e, e);
        }
    }

    private static OnnxModel parseGraph(Wire graph) throws IOException {
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (graph.hasMore()) {
            int tag = graph.tag();
            switch (tag >>> 3) {
                case 1 -> nodes.add(parseNode(graph.message()));
                case 5 -> {
                    Tensor t = parseTensor(graph.message());
                    initializers.put(t.name(), t);
                }
                case 11 -> inputs.add(valueInfoName(graph.message()));
                case 12 -> outputs.add(valueInfoName(graph.message()));
                default -> graph.skip(tag);
            }
        }
        return new OnnxModel(initializers, List.copyOf(nodes), List.copyOf(inputs), List.copyOf(outputs));
    }

    private static Node parseNode(Wire node) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = "";
        while (node.hasMore()) {
            int tag = node.tag();
            switch (tag >>> 3) {
                case 1 -> in.add(node.string());
                case 2 -> out.add(node.string());
                case 3 -> name = node.string();
                case 4 -> op = node.string();
                default -> node.skip(tag);
            }
        }
        return new Node(name, op, List.copyOf(in), List.copyOf(out));
    }

    private static Tensor parseTensor(Wire t) throws IOException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        float[] floats = null;
        ByteBuffer raw = null;
        while (t.hasMore()) {
            int tag = t.tag();
            switch (tag >>> 3) {
                case 1 -> t.longs(tag, dims);
                case 2 -> type = (int) t.varint();
                case 4 -> floats = t.floats(tag, floats);
                case 8 -> name = t.string();
                case 9 -> raw = t.bytes();
                default -> t.skip(tag);
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        if (type != FLOAT) {
            // Shape constants and the like (int64) are not weights; keep them out with an empty value array.
            return new Tensor(name, shape, new float[0]);
        }
        if (raw != null) {
            floats = new float[raw.remaining() / Float.BYTES];
            raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
        }
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (floats == null || floats.length != count) {
            throw new IOException("initializer " + name + " has shape " + java.util.Arrays.toString(shape) + " but "
                    + (floats == null ? "no" : floats.length) + " float values (external data is not supported)");
        }
        return new Tensor(name, shape, floats);
    }

    private static String valueInfoName(Wire info) {
        String name = "";
        while (info.hasMore()) {
            int tag = info.tag();
            if (tag >>> 3 == 1) {
                name = info.string();
            } else {
                info.skip(tag);
            }
        }
        return name;
    }

    /**
     * Returns the float initializers by name, in file order.
     *
     * @return the initializers (non-float ones have empty values)
     */
    Map<String, Tensor> initializers() {
        return initializers;
    }

    /**
     * Returns the nodes in file (topological) order.
     *
     * @return the nodes
     */
    List<Node> nodes() {
        return nodes;
    }

    /**
     * Returns the graph's input names, initializers excluded when the file lists them as inputs too.
     *
     * @return e.g. {@code [input_ids, attention_mask, token_type_ids]}
     */
    List<String> inputs() {
        return inputs.stream().filter(n -> !initializers.containsKey(n)).toList();
    }

    /**
     * Returns the graph's output names.
     *
     * @return e.g. {@code [last_hidden_state]}
     */
    List<String> outputs() {
        return outputs;
    }

    /** A cursor over one protobuf message's bytes. */
    private static final class Wire {
        private final ByteBuffer buf;

        Wire(ByteBuffer buf) {
            this.buf = buf;
        }

        boolean hasMore() {
            return buf.hasRemaining();
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf.get();
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new IllegalStateException("malformed varint at byte " + buf.position());
        }

        ByteBuffer bytes() {
            int length = Math.toIntExact(varint());
            ByteBuffer slice = buf.slice().limit(length);
            buf.position(buf.position() + length);
            return slice;
        }

        Wire message() {
            return new Wire(bytes());
        }

        String string() {
            ByteBuffer b = bytes();
            byte[] a = new byte[b.remaining()];
            b.get(a);
            return new String(a, StandardCharsets.UTF_8);
        }

        /** Reads a repeated int64 field, packed (wire type 2) or not (wire type 0). */
        void longs(int tag, List<Long> into) {
            if ((tag & 7) == 2) {
                Wire packed = message();
                while (packed.hasMore()) {
                    into.add(packed.varint());
                }
            } else {
                into.add(varint());
            }
        }

        /** Reads a repeated float field, packed (wire type 2) or one 32-bit value (wire type 5). */
        float[] floats(int tag, float[] sofar) {
            float[] add;
            if ((tag & 7) == 2) {
                ByteBuffer b = bytes().order(ByteOrder.LITTLE_ENDIAN);
                add = new float[b.remaining() / Float.BYTES];
                b.asFloatBuffer().get(add);
            } else {
                add = new float[] {buf.order(ByteOrder.LITTLE_ENDIAN).getFloat()};
            }
            if (sofar == null) {
                return add;
            }
            float[] all = java.util.Arrays.copyOf(sofar, sofar.length + add.length);
            System.arraycopy(add, 0, all, sofar.length, add.length);
            return all;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> buf.position(buf.position() + 8);
                case 2 -> bytes();
                case 5 -> buf.position(buf.position() + 4);
                default -> throw new IllegalStateException("unsupported wire type " + (tag & 7) + " at byte "
                        + buf.position());
            }
        }
    }
}
