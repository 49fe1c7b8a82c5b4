package org.levistream.model.levi;

/**
 * LEVI and the baselines it is compared with. All run through the same code path; the method only decides which
 * views exist, which head maps them and whether the backbone trains.
 *
 * <table>
 *   <caption>What each method builds</caption>
 *   <tr><th>method</th><th>taps</th><th>projection</th><th>g</th><th>head</th><th>backbone</th></tr>
 *   <tr><td>LEVI</td><td>all selected</td><td>yes</td><td>yes</td><td>MLP</td><td>frozen</td></tr>
 *   <tr><td>LEVI_LAST_LAYER</td><td>last</td><td>yes</td><td>yes</td><td>MLP</td><td>frozen</td></tr>
 *   <tr><td>FT</td><td>last</td><td>no</td><td>no</td><td>linear</td><td>trains</td></tr>
 *   <tr><td>LP</td><td>last</td><td>no</td><td>no</td><td>linear</td><td>frozen</td></tr>
 *   <tr><td>LP_FT</td><td>last</td><td>no</td><td>no</td><td>linear</td><td>frozen, then trains from the unfreeze step</td></tr>
 *   <tr><td>SMALL_ONLY</td><td>none</td><td>-</td><td>yes</td><td>MLP</td><td>unused</td></tr>
 *   <tr><td>LAST_LAYER_HEAD</td><td>last</td><td>no</td><td>no</td><td>MLP</td><td>frozen</td></tr>
 *   <tr><td>WISE_FT</td><td>last</td><td>no</td><td>no</td><td>linear</td><td>FT's, mixed with the pre-trained</td></tr>
 * </table>
 *
 * <p>{@link #WISE_FT} is never trained: it is a weight-space mix of an LP and an FT model (Wortsman et al., CVPR
 * 2022) that the offline protocol builds from their runs, so no model setting may name it.
 */
public enum Method {
    /** Layer-wise ensemble of different views: every selected tap plus g, frozen backbone. */
    LEVI(true, true, true, true, true),
    /** LEVI with only the last tap (ablation: are the intermediate layers worth it?). */
    LEVI_LAST_LAYER(true, false, true, true, true),
    /** Full fine-tuning: a linear head on the last layer, the backbone trains. */
    FT(true, false, false, false, false),
    /** Linear probing: a linear head on the frozen last layer. */
    LP(true, false, false, false, false),
    /** Linear probing, then full fine-tuning from {@code model.lpft.unfreeze.step}. */
    LP_FT(true, false, false, false, false),
    /** The small task model alone, trained from scratch. */
    SMALL_ONLY(false, false, false, true, true),
    /** An MLP head on the frozen last layer. */
    LAST_LAYER_HEAD(true, false, false, false, true),
    /** WiSE-FT: (1 - alpha) LP + alpha FT over every parameter they share; built from two runs, never trained. */
    WISE_FT(true, false, false, false, false);

    private final boolean usesBackbone;
    private final boolean allTaps;
    private final boolean projects;
    private final boolean usesSmallModel;
    private final boolean mlpHead;

    Method(boolean usesBackbone, boolean allTaps, boolean projects, boolean usesSmallModel, boolean mlpHead) {
        this.usesBackbone = usesBackbone;
        this.allTaps = allTaps;
        this.projects = projects;
        this.usesSmallModel = usesSmallModel;
        this.mlpHead = mlpHead;
    }

    /**
     * Tells whether a model of this method is trained by itself (all but {@link #WISE_FT}, which mixes two).
     *
     * @return false only for {@link #WISE_FT}
     */
    public boolean trainedByItself() {
        return this != WISE_FT;
    }

    /**
     * Tells whether the method runs the backbone at all.
     *
     * @return false only for {@link #SMALL_ONLY}
     */
    public boolean usesBackbone() {
        return usesBackbone;
    }

    /**
     * Tells whether every selected tap is a view, or only the last.
     *
     * @return true for {@link #LEVI}
     */
    public boolean usesAllTaps() {
        return allTaps;
    }

    /**
     * Tells whether taps pass through a projection (linear + LayerNorm) before the head.
     *
     * @return true for the LEVI variants
     */
    public boolean projects() {
        return projects;
    }

    /**
     * Tells whether the small task model g is a view.
     *
     * @return true for the LEVI variants and {@link #SMALL_ONLY}
     */
    public boolean usesSmallModel() {
        return usesSmallModel;
    }

    /**
     * Tells whether the head is an MLP (else a single linear layer).
     *
     * @return the head kind
     */
    public boolean mlpHead() {
        return mlpHead;
    }

    /**
     * Tells whether the backbone takes gradients at a given step.
     *
     * @param step         the step about to run
     * @param unfreezeStep the step from which {@link #LP_FT} trains the backbone
     * @return true for {@link #FT}, and for {@link #LP_FT} from the unfreeze step on
     */
    public boolean trainsBackboneAt(long step, long unfreezeStep) {
        return this == FT || (this == LP_FT && step >= unfreezeStep);
    }

    /**
     * Tells whether the backbone trains at any step, so that its parameters belong in checkpoints and the
     * optimizer's state.
     *
     * @return true for {@link #FT} and {@link #LP_FT}
     */
    public boolean evertrainsBackbone() {
        return this == FT || this == LP_FT;
    }

    /**
     * Returns the setting's spelling, e.g. {@code lp-ft}.
     *
     * @return the lowercase, hyphenated name
     */
    public String settingName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
