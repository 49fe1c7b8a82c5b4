package org.levistream.model.backbone.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.TapInfo;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.cache.TextViews;
import org.levistream.model.cache.TokenStates;

/**
 * "FT of the top k layers" of a {@link BertBackbone}: a copy of its top {@code k} layers that trains, over the frozen
 * lower layers' token outputs read from shared {@link TokenStates}. Fine-tuning the whole encoder on two CPU cores
 * does not fit the benchmark's budget; this is the usual cheaper form, and the layers below stay bit-identical
 * because they are never copied into a model.
 *
 * <p>Input: a {@code [batch]} int64 array of {@link TextCorpus} numbers. Taps: the top {@code k} layers, mean-pooled
 * with the mask (named as {@link BertBackbone} names them, e.g. {@code layer6}). Parameters: the copied layers,
 * under the encoder's Hugging Face names ({@code encoder.layer.5.…}), so that WiSE-FT mixes them with the
 * pre-trained ones by name. While frozen (LP-FT's probing phase) the taps are the shared frozen views, exactly what
 * linear probing sees; once trainable they run the copied layers.
 *
 * <p>A training batch is run in chunks of texts of similar length (the batch's order restored afterwards), so that
 * a short review is not padded to the batch's longest: the loss and gradient are the batch's, computed with less
 * padding.
 */
public final class BertTopLayers extends EncoderDerived {
    /** Texts per chunk of similar length. */
    static final int CHUNK = 10;

    private final TextViews views;
    private final TokenStates below;
    private final TextCorpus corpus;
    private final int first;
    private final NDManager manager;
    private final BertEncoder layers;
    private final List<TapInfo> taps;
    private final Map<String, Parameter> parameters;
    private boolean trainable;

    /**
     * Copies the top layers.
     *
     * @param encoder the frozen pre-trained encoder; not closed here
     * @param views   its frozen views (the taps while frozen)
     * @param below   its token outputs at layer {@code layers - k}
     * @param corpus  the texts batches number
     * @param k       how many top layers train, 1 .. the encoder's layers
     */
    public BertTopLayers(BertBackbone encoder, TextViews views, TokenStates below, TextCorpus corpus, int k) {
        super(encoder);
        if (k < 1 || k > encoder.layers()) {
            throw new IllegalArgumentException("top layers was " + k + " but must be in [1, " + encoder.layers()
                    + "]");
        }
        if (below.depth() != encoder.layers() - k) {
            throw new IllegalArgumentException("the token states are layer " + below.depth() + "'s but the top " + k
                    + " layers start above layer " + (encoder.layers() - k));
        }
        this.views = views;
        this.below = below;
        this.corpus = corpus;
        this.first = encoder.layers() - k;
        this.manager = NDManager.newBaseManager(encoder.device());
        this.layers = encoder.copyOfLayersFrom(first, manager);
        List<TapInfo> all = encoder.taps();
        this.taps = List.copyOf(all.subList(all.size() - k, all.size()));
        this.parameters = Collections.unmodifiableMap(layers.namedParameters());
        setTrainable(false);
    }

    @Override
    public NDList taps(NDList input, boolean training) {
        NDManager into = input.head().getManager();
        List<String> texts = corpus.texts(input.head());
        if (!trainable) {
            NDList all = views.batch(texts, into);
            return new NDList(all.subList(all.size() - taps.size(), all.size()));
        }
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> below.tokens(texts.get(i))));
        ParameterStore store = new ParameterStore(into, false);
        List<NDList> chunks = new ArrayList<>();
        for (int from = 0; from < order.length; from += CHUNK) {
            List<String> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(order.length, from + CHUNK); i++) {
                chunk.add(texts.get(order[i]));
            }
            NDList x = below.batch(chunk, into);
            NDList states = layers.layers(store, x.get(0), x.get(1), first, encoder.layers(), training);
            chunks.add(BertBackbone.meanPooled(states, x.get(1)));
        }
        long[] inverse = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        NDArray back = into.create(inverse);
        NDList out = new NDList(taps.size());
        for (int t = 0; t < taps.size(); t++) {
            NDList pieces = new NDList(chunks.size());
            for (NDList c : chunks) {
                pieces.add(c.get(t));
            }
            NDArray sorted = pieces.size() == 1 ? pieces.head() : NDArrays.concat(pieces, 0);
            out.add(sorted.get(new NDIndex("{}", back)));
        }
        return out;
    }

    @Override
    public List<TapInfo> taps() {
        return taps;
    }

    /** One text number per example. */
    @Override
    public Shape inputShape() {
        return new Shape(1);
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    @Override
    public void setTrainable(boolean trainable) {
        layers.freezeParameters(!trainable);
        this.trainable = trainable;
    }

    @Override
    public boolean isTrainable() {
        return trainable;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    /** Releases the copied layers; the encoder and the caches stay open. */
    @Override
    public void close() {
        manager.close();
    }
}
