package org.levistream.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.levistream.ingest.publish.SplitFile;
import org.levistream.ingest.split.Destination;
import org.levistream.ingest.split.SplitRule;

/** The demo's two passes split the shipped split files' destinations between them, and change nothing else. */
class StreamFeedTest {
    private static final Path CONFIG = Path.of("..", "config");

    @Test
    void theHeldOutPassKeepsTheHeldOutAndOodTopicsWithTheirCopiesAndDropsTheRest() {
        SplitFile digits = SplitFile.load(CONFIG.resolve("split-digits.yaml"));

        SplitFile heldOut = StreamFeed.part(digits, "held-out", false);

        assertThat(heldOut.plan().topicNames()).containsExactlyInAnyOrder("levi.images.holdout",
                "levi.images.ood.rotated", "levi.images.ood.digits");
        assertThat(heldOut.plan().usesPretrain()).isFalse();
        assertThat(heldOut.plan().pretrainFile()).isEmpty();
        assertThat(heldOut.fingerprint()).isNotEqualTo(digits.fingerprint());
        for (int i = 0; i < digits.plan().rules().size(); i++) {
            SplitRule original = digits.plan().rules().get(i);
            SplitRule part = heldOut.plan().rules().get(i);
            assertThat(part.match()).as("rule %s matches as before", original.name()).isEqualTo(original.match());
            assertThat(part.to()).isEqualTo(original.to().isTopic() && original.to().kind() != Destination.Kind.LIVE
                    ? original.to() : Destination.DROP);
        }
    }

    @Test
    void theLivePassKeepsOnlyTheLiveTopic() {
        SplitFile movieLens = SplitFile.load(CONFIG.resolve("split-movielens.yaml"));

        SplitFile live = StreamFeed.part(movieLens, "live", true);

        assertThat(live.plan().topicNames()).containsExactly("levi.interactions");
        assertThat(live.plan().rules()).extracting(SplitRule::name)
                .containsExactlyElementsOf(movieLens.plan().rules().stream().map(SplitRule::name).toList());
        assertThat(live.plan().rules()).allSatisfy(r -> assertThat(r.copies()).isEmpty());
    }

    @Test
    void aPlanGivesTheTrainersTimeToCatchUpAndTheEvaluatorTimeToFinish() {
        DemoPlan quick = DemoPlan.of(true, null);
        DemoPlan longRun = DemoPlan.of(false, 60);

        assertThat(quick.total()).isEqualTo(Duration.ofMinutes(2));
        assertThat(quick.drain()).isEqualTo(Duration.ofSeconds(25));
        assertThat(longRun.drain()).isEqualTo(Duration.ofSeconds(90));
        assertThat(quick.livePlay(Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(60));
        assertThat(quick.checkpointEvery(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(3));
        assertThat(longRun.checkpointEvery(Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(1));
    }
}
