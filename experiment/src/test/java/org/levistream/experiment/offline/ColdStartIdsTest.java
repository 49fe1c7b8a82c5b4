package org.levistream.experiment.offline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.model.task.IdHasher;

@Timeout(30)
class ColdStartIdsTest {
    private static final int BUCKETS = 1 << 14;

    private static RatingSet set(String name, String... userItemPairs) {
        RatingSet s = new RatingSet(name, 1);
        for (int k = 0; k < userItemPairs.length; k++) {
            String[] ui = userItemPairs[k].split("/");
            long[] ids = {IdHasher.bucket("user-" + ui[0], BUCKETS), IdHasher.bucket("item-" + ui[1], BUCKETS)};
            s.add(new float[] {0f}, 0, ids, 0, 3f, name + k);
        }
        return s;
    }

    private static long[] ids(ExampleSet set) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            return set.batch(m, ModelRun.identity(set.size()), 0, set.size()).taskInput().head().toLongArray();
        }
    }

    @Test
    void scoresUnseenUsersAndItemsAsTheSharedUnknownIds() {
        RatingSet train = set("train", "alice/matrix", "bob/alien");
        RatingSet test = set("id-test", "alice/alien", "carol/matrix", "dave/heat");
        var splits = new OfflineSplits(set("pretrain"), train, set("validation"), test, Map.of());

        OfflineSplits shown = new ColdStartIds(train, BUCKETS, 0, 1).apply(splits);

        long unknownUser = IdHasher.bucket("user-" + ColdStartIds.UNKNOWN, BUCKETS);
        long unknownItem = IdHasher.bucket("item-" + ColdStartIds.UNKNOWN, BUCKETS);
        assertThat(ids(shown.idTest())).containsExactly(
                IdHasher.bucket("user-alice", BUCKETS), IdHasher.bucket("item-alien", BUCKETS),
                unknownUser, IdHasher.bucket("item-matrix", BUCKETS),
                unknownUser, unknownItem);
        assertThat(ids(shown.train())).containsExactly(ids(train));
    }

    @Test
    void showsAboutTheGivenShareOfTrainingExamplesWithUnknownIdsAlwaysTheSameOnes() {
        String[] pairs = new String[2000];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = "u" + (i % 50) + "/i" + (i % 70);
        }
        RatingSet train = set("train", pairs);
        var splits = new OfflineSplits(set("pretrain"), train, set("validation"), set("id-test"), Map.of());

        long[] first = ids(new ColdStartIds(train, BUCKETS, 0.25, 1).apply(splits).train());
        long[] again = ids(new ColdStartIds(train, BUCKETS, 0.25, 1).apply(splits).train());

        long unknownUser = IdHasher.bucket("user-" + ColdStartIds.UNKNOWN, BUCKETS);
        long dropped = java.util.stream.IntStream.range(0, pairs.length).filter(i -> first[2 * i] == unknownUser).count();
        assertThat(dropped).isBetween(400L, 600L);
        assertThat(first).containsExactly(again);
    }

    @Test
    void admitsAnIdToItsOwnRowOnlyOnceItOccursInEnoughTrainingExamples() {
        RatingSet train = set("train", "alice/matrix", "alice/alien", "bob/matrix", "alice/heat");
        RatingSet test = set("id-test", "alice/matrix", "bob/alien", "carol/heat");
        var splits = new OfflineSplits(set("pretrain"), train, set("validation"), test, Map.of());

        ColdStartIds admission = ColdStartIds.admitByCount(train, BUCKETS, 2);
        OfflineSplits shown = admission.apply(splits);

        long unknownUser = IdHasher.bucket("user-" + ColdStartIds.UNKNOWN, BUCKETS);
        long unknownItem = IdHasher.bucket("item-" + ColdStartIds.UNKNOWN, BUCKETS);
        long alice = IdHasher.bucket("user-alice", BUCKETS);
        long matrix = IdHasher.bucket("item-matrix", BUCKETS);
        // alice (3) and matrix (2) are admitted; bob, alien and heat (1 each) share the unknown rows, in training too.
        assertThat(ids(shown.train())).containsExactly(
                alice, matrix, alice, unknownItem, unknownUser, matrix, alice, unknownItem);
        assertThat(ids(shown.idTest())).containsExactly(
                alice, matrix, unknownUser, unknownItem, unknownUser, unknownItem);
        assertThat(admission.admitted(0)).isEqualTo(1);
        assertThat(admission.admitted(1)).isEqualTo(1);
        assertThat(ids(ColdStartIds.admitByCount(train, BUCKETS, 1).apply(splits).train())).containsExactly(ids(train));
    }
}
