package org.levistream.model.backbone.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The golden test: our DJL encoder, on the ONNX file's weights, gives ONNX Runtime's sentence embeddings on the
 * original file (last_hidden_state, mean-pooled with the attention mask, not normalized) within 1e-4. The model
 * comes from the test-scope Maven jar, so CI needs no fetched data.
 */
@Timeout(120)
class MiniLmGoldenTest {
    private static final double TOLERANCE = 1e-4;
    private static byte[] onnx;
    private static BertTokenizer tokenizer;
    private static BertBackbone backbone;

    @BeforeAll
    static void load() throws IOException {
        onnx = resource(MiniLm.ONNX_FILE);
        try (InputStream in = MiniLmGoldenTest.class.getResourceAsStream("/" + MiniLm.TOKENIZER_FILE)) {
            tokenizer = BertTokenizer.read(in);
        }
        backbone = BertBackbone.read(onnx, Device.cpu());
    }

    @AfterAll
    static void close() {
        backbone.close();
        tokenizer.close();
    }

    @Test
    void lastLayerMeanPooledEqualsOnnxRuntimeOnFiftySentences() throws Exception {
        List<String> sentences = GoldenSentences.ALL;
        assertThat(sentences).hasSize(50);
        long[][] ids = tokenizer.ids(sentences);
        float[][] expected = onnxRuntimeMeanPooled(ids, mask(ids));
        float[][] actual;
        try (NDManager step = NDManager.newBaseManager(Device.cpu())) {
            NDList taps = backbone.taps(tokenizer.encode(sentences, step), false);
            assertThat(taps).hasSize(7);
            actual = rows(taps.get(6).toFloatArray(), 384);
        }
        double worst = 0;
        for (int i = 0; i < sentences.size(); i++) {
            for (int j = 0; j < 384; j++) {
                worst = Math.max(worst, Math.abs(actual[i][j] - expected[i][j]));
            }
        }
        assertThat(worst).as("max |ours - ONNX Runtime| over 50 x 384 values").isLessThan(TOLERANCE);
    }

    @Test
    void contentHashIsThePinnedHashOfTheOnnxFile() {
        assertThat(backbone.contentHash()).isEqualTo(MiniLm.ONNX_SHA256);
        assertThat(backbone.taps()).extracting(t -> t.name() + ":" + t.width()).containsExactly("embeddings:384",
                "layer1:384", "layer2:384", "layer3:384", "layer4:384", "layer5:384", "layer6:384");
        assertThat(backbone.parameters()).hasSize(101);   // 5 embedding tensors + 16 per layer x 6
    }

    @Test
    void aSentencePooledAloneEqualsTheSamePooledInAPaddedBatch() {
        List<String> batch = List.of("short", GoldenSentences.ALL.get(49));
        try (NDManager step = NDManager.newBaseManager(Device.cpu())) {
            float[] alone = backbone.taps(tokenizer.encode(List.of("short"), step), false).get(6).toFloatArray();
            float[] padded = backbone.taps(tokenizer.encode(batch, step), false).get(6).toFloatArray();
            for (int j = 0; j < 384; j++) {
                assertThat(padded[j]).as("dimension %d", j).isCloseTo(alone[j],
                        org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    private static float[][] onnxRuntimeMeanPooled(long[][] ids, long[][] mask) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx, options);
                 OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
                 OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
                 OnnxTensor typeTensor = OnnxTensor.createTensor(env, new long[ids.length][ids[0].length])) {
                assertThat(session.getOutputNames()).containsExactly("last_hidden_state");
                Map<String, OnnxTensor> inputs = new HashMap<>();
                inputs.put("input_ids", idTensor);
                inputs.put("attention_mask", maskTensor);
                inputs.put("token_type_ids", typeTensor);
                try (OrtSession.Result result = session.run(inputs)) {
                    return meanPool((float[][][]) result.get(0).getValue(), mask);
                }
            }
        }
    }

    /** sentence-transformers' pooling, written independently of ours: masked sum over tokens / token count. */
    private static float[][] meanPool(float[][][] hidden, long[][] mask) {
        float[][] out = new float[hidden.length][hidden[0][0].length];
        for (int i = 0; i < hidden.length; i++) {
            double[] sum = new double[out[i].length];
            long count = 0;
            for (int t = 0; t < hidden[i].length; t++) {
                if (mask[i][t] == 0) {
                    continue;
                }
                count++;
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += hidden[i][t][j];
                }
            }
            for (int j = 0; j < sum.length; j++) {
                out[i][j] = (float) (sum[j] / Math.max(count, 1));
            }
        }
        return out;
    }

    private static long[][] mask(long[][] ids) {
        long[][] mask = new long[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            mask[i] = new long[ids[i].length];
            for (int t = 0; t < ids[i].length; t++) {
                // Only [PAD] is id 0; [CLS] (101) and [SEP] (102) count as tokens, as the tokenizer's mask says.
                mask[i][t] = ids[i][t] == 0 ? 0 : 1;
            }
        }
        return mask;
    }

    private static float[][] rows(float[] flat, int width) {
        float[][] out = new float[flat.length / width][width];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(flat, i * width, out[i], 0, width);
        }
        return out;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MiniLmGoldenTest.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IOException(name + " is not on the test classpath; it comes from " + MiniLm.ARTIFACT);
            }
            return in.readAllBytes();
        }
    }
}
