package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.features.GenreVocabulary;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.Lineage;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.TinyGlove;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * Exact resume with the stateful MovieLens featurizer, whose user contexts depend on every earlier record: a run
 * that loses its newest checkpoints resumes from an older one, rebuilds the users' histories from the records before
 * it, and reaches the parameters it had reached the first time. With two passes over the stretch, every pass starts
 * from empty histories, so a run resumed in pass 2 rebuilds them from pass 2's records alone.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class StatefulResumeIT {
    @TempDir
    Path dir;

    @Test
    void rebuildsUserHistoriesOnResumeAndReachesTheSameParameters(EmbeddedStack stack, TestInfo info)
            throws Exception {
        resumesAfterLosingCheckpointsPast(stack, info, 1, 10);
    }

    @Test
    void rebuildsTheSecondPassHistoriesOnResumeInThatPass(EmbeddedStack stack, TestInfo info) throws Exception {
        // 480 records of 16 a step: pass 1 is steps 1-30, so step 40 lies in pass 2.
        resumesAfterLosingCheckpointsPast(stack, info, 2, 40);
    }

    private void resumesAfterLosingCheckpointsPast(EmbeddedStack stack, TestInfo info, int passes, long keptStep)
            throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 2, Interactions.encode(stack, topic, Interactions.generate(480, 13)), 120,
                false);
        int content = TinyGlove.DIMENSION + GenreVocabulary.MOVIELENS.size() + 2;
        Map<String, String> settings = TrainerSettingsFixture.tiny(stack, topic, "ml", dir.resolve("ckpt"),
                dir.resolve("store"), TinyBackbone.store(dir.resolve("store"), content + content + 2));
        settings.put("trainer.features", "movielens");
        settings.put("trainer.features.glove", TinyGlove.write(dir.resolve("glove.bin")).toString());
        settings.put("trainer.features.recent.items", "5");
        settings.put("trainer.end", "end");
        settings.put("trainer.epochs", Integer.toString(passes));
        Path folder = dir.resolve("ckpt/ml");

        run(settings);
        var first = Lineage.finalParameters(folder);
        CheckpointStore store = new CheckpointStore(folder);
        for (Path p : store.list()) {
            if (CheckpointStore.read(p).info().step() > keptStep) {
                store.delete(p);
            }
        }
        assertThat(Checkpointer.metadataOf(store.list().get(store.list().size() - 1)).orElseThrow().epoch())
                .as("the pass resumed in").isEqualTo(passes);
        run(settings);

        assertThat(Lineage.bitEqual(Lineage.finalParameters(folder), first)).isTrue();
    }

    private static void run(Map<String, String> settings) throws InterruptedException {
        try (var trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            assertThat(trainer.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FINISHED);
            assertThat(trainer.failure()).isEmpty();
        }
    }
}
