package org.levistream.bench.evaluator;

import java.util.List;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * One held-out topic of a benchmark, its records, and a large set from the same population on which each version's
 * true metrics are measured in memory.
 *
 * @param topic   the topic, {@code levi.interactions.holdout} or {@code levi.interactions.ood.<name>}
 * @param records what is produced to it
 * @param truth   records of the same population, never produced
 */
record HeldOutSet(String topic, List<InteractionEvent> records, List<InteractionEvent> truth) {
    /** The ID topic. */
    static final String ID = Versions.STREAM + ".holdout";
    /** An OOD topic: items training saw, but only the last quarter of them. */
    static final String TAIL_ITEMS = Versions.STREAM + ".ood.tail-items";
    /** An OOD topic: users training saw, but only the last quarter of them. */
    static final String FEW_USERS = Versions.STREAM + ".ood.few-users";

    HeldOutSet {
        records = List.copyOf(records);
        truth = List.copyOf(truth);
    }

    /**
     * The three held-out sets: one ID, two OOD (shifted users and items). Every id in them is one training saw: with
     * never-seen ids, one version's true RMSE varied across seeds with an sd of 2-20% (their hashed rows keep their
     * random start), so versions that differ only by seed could not be "no worse" than each other within a 2% margin.
     *
     * @param seed  the data seed
     * @param count records per topic
     * @param truth records per truth set (0 for none)
     * @return ID first
     */
    static List<HeldOutSet> standard(long seed, int count, int truth) {
        return List.of(
                of(ID, seed + 1, count, truth, Versions.Population.ID),
                of(TAIL_ITEMS, seed + 2, count, truth, Versions.Population.TAIL_ITEMS),
                of(FEW_USERS, seed + 3, count, truth, Versions.Population.FEW_USERS));
    }

    private static HeldOutSet of(String topic, long seed, int count, int truth, Versions.Population population) {
        return new HeldOutSet(topic, Versions.interactions(seed, count, population),
                truth == 0 ? List.of() : Versions.interactions(seed + 1_000, truth, population));
    }
}
