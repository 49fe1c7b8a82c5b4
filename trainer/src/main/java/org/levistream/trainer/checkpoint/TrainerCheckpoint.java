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
 */
public record TrainerCheckpoint(int format, String experiment, long step, long parentStep, String trainingSettingsHash,
                                List<PartitionPosition> nextOffsets, PartitionPosition cursor,
                                List<PartitionPosition> origin, List<PartitionPosition> end,
                                List<LineageRange> lineage, long recordsTrained, long poisonRecords,
                                List<Integer> schemaIds, Map<String, Double> validation, boolean arrivalOrdered,
                                String startedFrom, long createdAtMillis, Map<String, String> settings) {
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
