package org.levistream.trainer.checkpoint;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the trainer stores in a checkpoint's {@code metadata.json}, besides the model's state: where the stream
 * stands, where the data came from, and how well the model did on ID validation.
 *
 * @param format               this layout's version, {@value #FORMAT}
 * @param experiment           the experiment id
 * @param step                 the steps trained (the model version)
 * @param parentStep           the checkpoint this run resumed from or last wrote before this one; -1 for none
 * @param trainingSettingsHash the hash of the settings that decide what a step computes
 * @param nextOffsets          the next offset of every input partition
 * @param cursor               the partition whose turn is next in the rotation
 * @param origin               where the run's first checkpoint-less start began reading
 * @param end                  the resolved exclusive end offsets of a bounded run; empty for a live one
 * @param lineage              offset ranges consumed since the parent, per partition
 * @param recordsTrained       decoded records trained on since the origin
 * @param poisonRecords        poison records passed over since the origin
 * @param schemaIds            writer schema ids of the records trained on since the origin, sorted
 * @param validation           ID-validation metrics ({@code rmse}, {@code mae}, {@code examples} for ratings;
 *                             {@code accuracy}, {@code nll}, {@code examples} for images); empty without a
 *                             held-out topic
 * @param arrivalOrdered       whether a live trainer ever skipped a silent partition, so that the order depended
 *                             on arrival times
 * @param startedFrom          the start point of the run's origin, as text
 * @param createdAtMillis      when the checkpoint was written (wall clock)
 * @param settings             the training settings (model, batch size, input topics, featurizer): what the evaluator
 *                             rebuilds the model and its featurizer from
 * @param epoch                the pass over the stretch that {@code nextOffsets} lie in, from 1 (absent before
 *                             {@code trainer.epochs}: 1); a checkpoint at a pass's end has the end offsets and this pass
 * @param epochs               the passes the run makes over its stretch (absent: 1)
 * @param epochStart           where every pass begins: the next offsets when the run's first pass began (absent: the
 *                             origin)
 * @param epochStartCursor     the rotation's first turn when a pass begins; {@code null} for the first partition
 */
public record TrainerCheckpoint(int format, String experiment, long step, long parentStep, String trainingSettingsHash,
                                List<PartitionPosition> nextOffsets, PartitionPosition cursor,
                                List<PartitionPosition> origin, List<PartitionPosition> end,
                                List<LineageRange> lineage, long recordsTrained, long poisonRecords,
                                List<Integer> schemaIds, Map<String, Double> validation, boolean arrivalOrdered,
                                String startedFrom, long createdAtMillis, Map<String, String> settings, int epoch,
                                int epochs, List<PartitionPosition> epochStart, PartitionPosition epochStartCursor) {
    /** The layout version written. */
    public static final int FORMAT = 1;

    /** Copies the collections. */
    public TrainerCheckpoint {
        nextOffsets = List.copyOf(nextOffsets);
        origin = List.copyOf(origin);
        end = end == null ? List.of() : List.copyOf(end);
        lineage = List.copyOf(lineage);
        schemaIds = List.copyOf(schemaIds);
        validation = java.util.Collections.unmodifiableMap(new TreeMap<>(validation == null ? Map.of() : validation));
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings == null ? Map.of() : settings));
        // Written before passes existed: one pass, which began at the origin.
        epoch = Math.max(1, epoch);
        epochs = Math.max(epoch, epochs);
        epochStart = epochStart == null || epochStart.isEmpty() ? origin : List.copyOf(epochStart);
    }

    /**
     * Tells whether the run trains further passes after this checkpoint's.
     *
     * @return true before the last pass
     */
    public boolean morePasses() {
        return epoch < epochs;
    }

    /**
     * Returns the ID-validation RMSE of a rating model.
     *
     * @return the RMSE, or {@code NaN} when not validated or not a rating model
     */
    public double validationRmse() {
        Double rmse = validation.get("rmse");
        return rmse == null ? Double.NaN : rmse;
    }
}
