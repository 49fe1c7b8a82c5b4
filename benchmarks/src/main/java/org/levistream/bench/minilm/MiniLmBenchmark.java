package org.levistream.bench.minilm;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.levistream.bench.measure.JvmFacts;
import org.levistream.bench.measure.Medians;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.MiniLm;

/**
 * Times the MiniLM encoder's forward pass (token ids and mask in, last hidden state copied out to the JVM) in our
 * DJL encoder and in ONNX Runtime on the same ONNX file, on the same batches of token ids, one thread each.
 * Tokenizing is done once, before timing, and is not part of either figure. Each round runs every batch through
 * both, alternating which goes first, so that load on the machine falls on both alike; the median round is reported.
 */
public final class MiniLmBenchmark {
    private static final String[] WORDS = ("the a movie film story love great bad plot actor music scene funny "
            + "boring slow fast dark light family war space future past city night day friend enemy hero "
            + "quiet loud strange beautiful terrible amazing classic modern director camera ending beginning "
            + "time world life death dream home road river mountain ocean").split(" ");

    /**
     * What to measure.
     *
     * @param folder    holds the ONNX file and tokenizer ({@link MiniLm#dataFolder})
     * @param batchSize sentences per forward pass
     * @param batches   batches per round
     * @param rounds    timed rounds (after one warm-up round)
     * @param seed      seeds the generated sentences
     */
    public record Request(Path folder, int batchSize, int batches, int rounds, long seed) {}

    private MiniLmBenchmark() {}

    /**
     * Runs the comparison and prints it.
     *
     * @param request what to measure
     * @param out     where the report goes
     * @throws IOException  if the model files cannot be read
     * @throws OrtException if ONNX Runtime fails
     */
    public static void run(Request request, PrintWriter out) throws IOException, OrtException {
        List<List<String>> batches = sentences(request);
        byte[] onnx = java.nio.file.Files.readAllBytes(request.folder().resolve(MiniLm.ONNX_FILE));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (BertTokenizer tokenizer = BertTokenizer.open(request.folder().resolve(MiniLm.TOKENIZER_FILE));
             BertBackbone ours = BertBackbone.read(onnx, Device.cpu());
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession ort = env.createSession(onnx, options)) {
                List<long[][]> ids = new ArrayList<>();
                for (List<String> b : batches) {
                    ids.add(tokenizer.ids(b));
                }
                out.printf(Locale.ROOT, "levi bench minilm: %d rounds (+1 warm-up) x %d batches x %d sentences, "
                        + "1 thread each; %s%n", request.rounds(), request.batches(), request.batchSize(),
                        JvmFacts.describe());
                double diff = maxDifference(ours, ort, env, ids.get(0));
                out.printf(Locale.ROOT, "agreement on batch 1: max |ours - ORT| over last_hidden_state = %.2e%n",
                        diff);
                double[] oursRate = new double[request.rounds()];
                double[] ortRate = new double[request.rounds()];
                for (int round = -1; round < request.rounds(); round++) {
                    long oursNanos = 0;
                    long ortNanos = 0;
                    for (int b = 0; b < ids.size(); b++) {
                        boolean oursFirst = (round + b) % 2 == 0;
                        if (oursFirst) {
                            oursNanos += timeOurs(ours, ids.get(b));
                            ortNanos += timeOrt(ort, env, ids.get(b));
                        } else {
                            ortNanos += timeOrt(ort, env, ids.get(b));
                            oursNanos += timeOurs(ours, ids.get(b));
                        }
                    }
                    if (round >= 0) {
                        double sentences = (double) request.batches() * request.batchSize();
                        oursRate[round] = sentences / (oursNanos / 1e9);
                        ortRate[round] = sentences / (ortNanos / 1e9);
                        out.printf(Locale.ROOT, "  round %d: ours %.1f sentences/s, ONNX Runtime %.1f sentences/s%n",
                                round + 1, oursRate[round], ortRate[round]);
                    }
                }
                double o = Medians.of(oursRate);
                double r = Medians.of(ortRate);
                out.printf(Locale.ROOT, "median: ours (DJL/libtorch) %.1f sentences/s, ONNX Runtime %.1f sentences/s;"
                        + " ratio ours/ORT = %.2f%n", o, r, o / r);
                out.flush();
            }
        }
    }

    private static long timeOurs(BertBackbone backbone, long[][] ids) {
        long start = System.nanoTime();
        try (NDManager step = NDManager.newBaseManager(Device.cpu())) {
            NDList states = backbone.hiddenStates(input(step, ids), false);
            states.get(states.size() - 1).toFloatArray();
        }
        return System.nanoTime() - start;
    }

    private static long timeOrt(OrtSession session, OrtEnvironment env, long[][] ids) throws OrtException {
        long start = System.nanoTime();
        try (OnnxTensor id = OnnxTensor.createTensor(env, ids);
             OnnxTensor mask = OnnxTensor.createTensor(env, mask(ids));
             OnnxTensor type = OnnxTensor.createTensor(env, new long[ids.length][ids[0].length]);
             OrtSession.Result result = session.run(Map.of("input_ids", id, "attention_mask", mask,
                     "token_type_ids", type))) {
            ((OnnxTensor) result.get(0)).getFloatBuffer();
        }
        return System.nanoTime() - start;
    }

    private static double maxDifference(BertBackbone backbone, OrtSession session, OrtEnvironment env, long[][] ids)
            throws OrtException {
        float[] theirs;
        try (OnnxTensor id = OnnxTensor.createTensor(env, ids);
             OnnxTensor mask = OnnxTensor.createTensor(env, mask(ids));
             OnnxTensor type = OnnxTensor.createTensor(env, new long[ids.length][ids[0].length]);
             OrtSession.Result result = session.run(Map.of("input_ids", id, "attention_mask", mask,
                     "token_type_ids", type))) {
            java.nio.FloatBuffer b = ((OnnxTensor) result.get(0)).getFloatBuffer();
            theirs = new float[b.remaining()];
            b.get(theirs);
        }
        try (NDManager step = NDManager.newBaseManager(Device.cpu())) {
            NDList states = backbone.hiddenStates(input(step, ids), false);
            float[] mine = states.get(states.size() - 1).toFloatArray();
            double worst = 0;
            long[][] m = mask(ids);
            int t = ids[0].length;
            int h = mine.length / (ids.length * t);
            for (int i = 0; i < mine.length; i++) {
                if (m[i / (t * h)][(i / h) % t] == 1) {    // padded positions are never used downstream
                    worst = Math.max(worst, Math.abs(mine[i] - theirs[i]));
                }
            }
            return worst;
        }
    }

    private static NDList input(NDManager manager, long[][] ids) {
        int t = ids[0].length;
        long[] flat = new long[ids.length * t];
        long[][] mask = mask(ids);
        long[] flatMask = new long[flat.length];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(ids[i], 0, flat, i * t, t);
            System.arraycopy(mask[i], 0, flatMask, i * t, t);
        }
        ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(ids.length, t);
        return new NDList(manager.create(flat, shape), manager.create(flatMask, shape));
    }

    /** Only [PAD] has id 0, so the mask is where the ids are not 0. */
    private static long[][] mask(long[][] ids) {
        long[][] mask = new long[ids.length][ids[0].length];
        for (int i = 0; i < ids.length; i++) {
            for (int t = 0; t < ids[i].length; t++) {
                mask[i][t] = ids[i][t] == 0 ? 0 : 1;
            }
        }
        return mask;
    }

    /** Review-like sentences of 5 to 40 words, so that batches pad to realistic, varied lengths. */
    private static List<List<String>> sentences(Request request) {
        SplittableRandom random = new SplittableRandom(request.seed());
        List<List<String>> batches = new ArrayList<>();
        for (int b = 0; b < request.batches(); b++) {
            List<String> batch = new ArrayList<>();
            for (int s = 0; s < request.batchSize(); s++) {
                int words = 5 + random.nextInt(36);
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < words; w++) {
                    text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                batch.add(text.append('.').toString());
            }
            batches.add(batch);
        }
        return batches;
    }
}
