package org.levistream.model.backbone.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.TapInfo;
import org.levistream.model.cache.TextCorpus;

/**
 * Language-based MovieLens' backbone for every offline method, FT of MiniLM's top layers included: the rating rows
 * that {@link TextViewTaps} slices, plus each example's item text so that the item's views can be recomputed by a
 * trainable copy of the top layers ({@link BertTopLayers}).
 *
 * <p>Input: {@code [rows [batch, 2 × 2,688 + 2] float32, item text numbers [batch] int64]} ({@link TextCorpus}
 * numbers). Taps: {@link TextViewTaps}' seven, tap {@code k} = {@code [item view k | user context view k | 2
 * numbers]}. Frozen, they are {@link TextViewTaps}' bit for bit (the rows are sliced by it). Trainable, the item part
 * of each of the top {@code k} taps comes from the copied layers run over the item text's cached token rows, while
 * the user context part stays the frozen views in the row: a user's context is the mean over 20 earlier items, and
 * putting those 20 texts through the copied layers every step would cost about 20 times the item's own pass, which
 * two CPU cores cannot afford. FT here therefore adapts how items are read, not how the history is summarized.
 *
 * <p>Parameters: without a copy (the frozen methods) the pre-trained encoder's, live and shared, so that WiSE-FT's
 * θ0 is the pre-trained model; with one, the copy's, under the encoder's names ({@code encoder.layer.5.…}), so that
 * WiSE-FT mixes them by name.
 */
public final class TextViewTopLayers extends EncoderDerived {
    private final TextViewTaps rows;
    private final BertTopLayers top;
    private final int firstTrained;

    /**
     * Wraps the rows' slicer and, for FT and LP-FT, a copy of the top layers.
     *
     * @param encoder the frozen encoder the rows' views came from; not closed here
     * @param top     a copy of its top layers over the item texts' corpus, closed with this backbone; {@code null}
     *                for the methods that keep MiniLM frozen
     */
    public TextViewTopLayers(BertBackbone encoder, BertTopLayers top) {
        super(encoder);
        this.rows = new TextViewTaps(encoder, false);
        this.top = top;
        this.firstTrained = top == null ? rows.taps().size() : rows.taps().size() - top.taps().size();
    }

    @Override
    public NDList taps(NDList input, boolean training) {
        NDList frozen = rows.taps(new NDList(input.head()), false);
        if (top == null || !top.isTrainable()) {
            return frozen;
        }
        if (input.size() < 2) {
            throw new IllegalArgumentException("fine-tuning MiniLM's top layers needs the item text numbers as the "
                    + "second backbone input; the batch has only the rows");
        }
        NDList items = top.taps(new NDList(input.get(1)), training);
        NDList out = new NDList(frozen.size());
        for (int k = 0; k < frozen.size(); k++) {
            if (k < firstTrained) {
                out.add(frozen.get(k));
                continue;
            }
            NDArray item = items.get(k - firstTrained);
            NDArray rest = frozen.get(k).get(new NDIndex(":, {}:", item.getShape().get(1)));
            out.add(NDArrays.concat(new NDList(item, rest), 1));
        }
        return out;
    }

    @Override
    public List<TapInfo> taps() {
        return rows.taps();
    }

    /** The rows' width; the item text numbers are a second input. */
    @Override
    public Shape inputShape() {
        return rows.inputShape();
    }

    /**
     * Returns how many top taps train once the backbone is trainable.
     *
     * @return 0 without a copy of the top layers
     */
    public int trainedTaps() {
        return rows.taps().size() - firstTrained;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return top == null ? encoder.parameters() : top.parameters();
    }

    @Override
    public void setTrainable(boolean trainable) {
        if (top == null) {
            if (trainable) {
                throw new IllegalStateException("the rows hold frozen views; give a copy of the top layers "
                        + "(BertTopLayers) to fine-tune");
            }
            return;
        }
        top.setTrainable(trainable);
    }

    @Override
    public boolean isTrainable() {
        return top != null && top.isTrainable();
    }

    @Override
    public NDManager manager() {
        return top == null ? rows.manager() : top.manager();
    }

    /** Releases the copied layers, if any; the encoder and the caches stay open. */
    @Override
    public void close() {
        rows.close();
        if (top != null) {
            top.close();
        }
    }
}
