package org.levistream.model.backbone.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.TapInfo;

/**
 * A frozen BERT encoder's taps for ratings, precomputed: the backbone of language-based MovieLens. Its input is the
 * recommendation row {@code [item views | user context views | mean rating - 3.5, fill]} that
 * {@link org.levistream.model.features.RecommendationFeaturizer} makes with
 * {@link org.levistream.model.features.ItemTextViews}: the item's text views (every tap of the encoder, one after
 * another), then the same views averaged over the user's recent items rated strictly before, then two numbers.
 * Tap {@code k} is {@code [item view k | user context view k | mean rating, fill]}, so each of LEVI's views is one
 * encoder layer seen from the item and from the user.
 *
 * <p>The encoder never runs here: the views were computed once per distinct text, each text alone
 * ({@link org.levistream.model.cache.TextViews}), so a step only slices its input. Therefore it cannot train:
 * fine-tuning MiniLM needs the encoder run on tokens every step, which this backbone refuses
 * ({@link #setTrainable}). Its content hash and stored bytes are the encoder's.
 */
public final class TextViewTaps extends EncoderDerived {
    private final boolean ownsEncoder;
    private final int[] offsets;
    private final int[] widths;
    private final int viewWidth;
    private final List<TapInfo> taps;
    private final NDManager manager;

    /**
     * Wraps an encoder.
     *
     * @param encoder     the frozen encoder the views came from (its hash and taps' names and widths)
     * @param ownsEncoder whether {@link #close} closes the encoder too
     */
    public TextViewTaps(BertBackbone encoder, boolean ownsEncoder) {
        super(encoder);
        this.ownsEncoder = ownsEncoder;
        List<TapInfo> encoderTaps = encoder.taps();
        this.offsets = new int[encoderTaps.size()];
        this.widths = new int[encoderTaps.size()];
        List<TapInfo> t = new ArrayList<>();
        int at = 0;
        for (int k = 0; k < encoderTaps.size(); k++) {
            offsets[k] = at;
            widths[k] = encoderTaps.get(k).width();
            at += widths[k];
            t.add(new TapInfo(encoderTaps.get(k).name(), 2 * widths[k] + 2));
        }
        this.viewWidth = at;
        this.taps = List.copyOf(t);
        this.manager = NDManager.newBaseManager(encoder.device());
    }

    /**
     * Returns the width of the rows this backbone takes.
     *
     * @return item views + user context views + 2
     */
    public int rowWidth() {
        return 2 * viewWidth + 2;
    }

    @Override
    public NDList taps(NDList input, boolean training) {
        if (training) {
            throw new IllegalStateException("precomputed text views cannot train; run the encoder on tokens to fine-tune");
        }
        NDArray rows = input.head();
        if (rows.getShape().dimension() != 2 || rows.getShape().get(1) != rowWidth()) {
            throw new IllegalArgumentException("text-view taps take [batch, " + rowWidth() + "] rows; got "
                    + rows.getShape());
        }
        NDArray numbers = rows.get(new NDIndex(":, {}:", 2 * viewWidth));
        NDList out = new NDList(taps.size());
        for (int k = 0; k < taps.size(); k++) {
            NDArray item = rows.get(new NDIndex(":, {}:{}", offsets[k], offsets[k] + widths[k]));
            NDArray user = rows.get(new NDIndex(":, {}:{}", viewWidth + offsets[k], viewWidth + offsets[k] + widths[k]));
            out.add(NDArrays.concat(new NDList(item, user, numbers), 1));
        }
        return out;
    }

    @Override
    public List<TapInfo> taps() {
        return taps;
    }

    @Override
    public Shape inputShape() {
        return new Shape(rowWidth());
    }

    @Override
    public Map<String, Parameter> parameters() {
        return Map.of();
    }

    @Override
    public void setTrainable(boolean trainable) {
        if (trainable) {
            throw new IllegalStateException("precomputed text views cannot train; run the encoder on tokens to "
                    + "fine-tune");
        }
    }

    @Override
    public boolean isTrainable() {
        return false;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
        if (ownsEncoder) {
            encoder.close();
        }
    }
}
