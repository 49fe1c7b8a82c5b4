package org.levistream.evaluator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.testing.RatingVersions;
import org.levistream.evaluator.testing.TopicIo;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * The evaluator started before anything else, as an operator starts it: no held-out topic and no
 * {@code levi.checkpoints} exist yet. It must not fail, and once ingest creates the held-out topics and a trainer
 * announces a version, that version is scored.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Timeout(180)
class EvaluatorStartIT {
    @TempDir
    Path dir;

    @Test
    void startedBeforeItsTopicsExistItScoresTheFirstVersionOnceTheyDo(EmbeddedStack stack) throws Exception {
        String prefix = "start" + System.nanoTime();
        Map<String, String> settings = new TreeMap<>();
        settings.put(EvaluatorConfig.APPLICATION_ID, prefix);
        settings.put(EvaluatorConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
        settings.put(EvaluatorConfig.REGISTRY_URL, stack.registryUrl());
        settings.put(EvaluatorConfig.HOLDOUT_TOPICS, prefix + ".holdout," + prefix + ".ood.later");
        settings.put(EvaluatorConfig.CHECKPOINTS_TOPIC, prefix + ".checkpoints");
        settings.put(EvaluatorConfig.METRICS_TOPIC, prefix + ".metrics");
        settings.put(EvaluatorConfig.ALERTS_TOPIC, prefix + ".alerts");
        settings.put(EvaluatorConfig.WORK_TOPIC, prefix + ".work");
        settings.put(EvaluatorConfig.CHECKPOINT_ROOT, dir.resolve("checkpoints").toString());
        settings.put(EvaluatorConfig.STATE_DIR, dir.resolve("state").toString());
        settings.put(EvaluatorConfig.START_QUIET, "500ms");
        settings.put(EvaluatorConfig.DASHBOARD_PORT, "-1");
        settings.put(EvaluatorConfig.DEVICE, "cpu");
        List<InteractionEvent> id = RatingVersions.interactions(1, 300, 0);

        try (EvaluatorService service = EvaluatorService.start(EvaluatorConfig.from(settings),
                new SimpleMeterRegistry())) {
            Thread.sleep(3_000);
            assertThat(service.isRunning()).as("running without its topics; failure %s", service.failure()).isTrue();
            TopicIo.publish(stack, prefix + ".holdout", id);
            TopicIo.publish(stack, prefix + ".ood.later", RatingVersions.interactions(2, 300, 40));
            RatingVersions.Written v = RatingVersions.train(dir.resolve("checkpoints"), "a", 1, id, 20, 0, prefix);
            TopicIo.publishEvents(stack, prefix + ".checkpoints", List.of(TopicIo.event(prefix + "-a", v)));

            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (TopicIo.readAll(stack, prefix + ".metrics").size() < 6 && System.nanoTime() < deadline) {
                assertThat(service.isRunning()).as("failure %s", service.failure()).isTrue();
                Thread.sleep(500);
            }
        }
        assertThat(TopicIo.readAll(stack, prefix + ".metrics")).extracting(r -> r.key())
                .contains(prefix + "-a/20/" + prefix + ".holdout/rmse", prefix + "-a/20/" + prefix + ".ood.later/rmse");
    }
}
