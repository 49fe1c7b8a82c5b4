package org.levistream.model.backbone.bert;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.TapInfo;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.cache.TextViews;

/**
 * A frozen {@link BertBackbone} whose taps are read from shared {@link TextViews}: what LEVI, LEVI on the last layer
 * and linear probing see. Its input is a {@code [batch]} int64 array of {@link TextCorpus} numbers, so every run of
 * an experiment (every method, setting and seed) reads the same views, each text encoded once.
 *
 * <p>Always frozen: {@link #setTrainable}{@code (true)} is refused (fine-tuning uses {@link BertTopLayers}). Its
 * parameters are the pre-trained encoder's, live and shared, so that WiSE-FT's θ0 is the pre-trained model. Closing
 * it closes nothing: the encoder and the views belong to whoever made them.
 */
public final class BertViews extends EncoderDerived {
    private final TextViews views;
    private final TextCorpus corpus;

    /**
     * A view of shared frozen views.
     *
     * @param encoder the frozen encoder the views come from
     * @param views   its cached views
     * @param corpus  the texts batches number
     */
    public BertViews(BertBackbone encoder, TextViews views, TextCorpus corpus) {
        super(encoder);
        this.views = views;
        this.corpus = corpus;
    }

    @Override
    public NDList taps(NDList input, boolean training) {
        return views.batch(corpus.texts(input.head()), input.head().getManager());
    }

    @Override
    public List<TapInfo> taps() {
        return encoder.taps();
    }

    /** One text number per example. */
    @Override
    public Shape inputShape() {
        return new Shape(1);
    }

    @Override
    public Map<String, Parameter> parameters() {
        return encoder.parameters();
    }

    @Override
    public void setTrainable(boolean trainable) {
        if (trainable) {
            throw new IllegalStateException("cached text views are frozen; fine-tune the top layers instead "
                    + "(BertTopLayers)");
        }
    }

    @Override
    public boolean isTrainable() {
        return false;
    }

    @Override
    public NDManager manager() {
        return encoder.manager();
    }

    /** Nothing to release: the encoder and the views are shared. */
    @Override
    public void close() {}
}
