package org.levistream.model.metrics;

/**
 * Expected calibration error (ECE) of a classifier: how far its confidence is from its accuracy, averaged over
 * confidence bins weighted by their share of the examples (Guo et al., 2017). The one definition every module uses.
 *
 * <p>Confidence is the probability of the predicted class (the softmax's maximum); the {@value #BINS} bins are the
 * equal-width intervals {@code (k/15, (k+1)/15]}. ECE is not a mean of per-example losses, so it is computed over a
 * set of example indices: all of them, or a bootstrap resample (with repetition) for a paired test.
 */
public final class Calibration {
    /** Confidence bins, as in Guo et al. */
    public static final int BINS = 15;

    private Calibration() {
    }

    /**
     * The confidence of one example's prediction: the softmax probability of its highest logit.
     *
     * @param logits  the logits of all examples
     * @param offset  where this example's start
     * @param classes how many
     * @return the probability of the predicted class, in (0, 1]
     */
    public static double confidence(float[] logits, int offset, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[offset + c] - max);
        }
        return 1 / sum;
    }

    /**
     * ECE over the examples at the given indices.
     *
     * @param confidence each example's confidence, in (0, 1]
     * @param correct    whether each example's predicted class was right
     * @param indices    the examples to use, repetition allowed; none gives 0
     * @return the expected calibration error, in [0, 1]
     */
    public static double ece(double[] confidence, boolean[] correct, int[] indices) {
        double[] confidenceSum = new double[BINS];
        int[] right = new int[BINS];
        int[] count = new int[BINS];
        for (int i : indices) {
            int bin = bin(confidence[i]);
            confidenceSum[bin] += confidence[i];
            right[bin] += correct[i] ? 1 : 0;
            count[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                ece += Math.abs((double) right[b] / count[b] - confidenceSum[b] / count[b]) * count[b];
            }
        }
        return indices.length == 0 ? 0 : ece / indices.length;
    }

    /** The bin of a confidence: {@code (k/15, (k+1)/15]} is bin k; 0 goes to the first. */
    public static int bin(double confidence) {
        int k = (int) Math.ceil(confidence * BINS) - 1;
        return Math.max(0, Math.min(BINS - 1, k));
    }
}
