package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.kafka.BrokerSettings;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.Lineage;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.TrainerSettingsFixture;

/**
 * The trainer against a broker that comes and goes: started before Kafka is up, it waits and says so; when the
 * broker is restarted in the middle of the stretch, it carries on. It ends with exactly the parameters of a run
 * that saw no outage, having trained every record once. Starts stacks of its own, so it runs in the
 * {@code own-broker} failsafe JVM.
 */
@Tag("integration")
@Tag("own-broker")
@Timeout(180)
class ResilienceIT {
    private static final String TOPIC = "levi.interactions.resilience";
    private static final int PARTITIONS = 2;
    private static final int HALF = 400;

    @TempDir
    Path dir;

    @Test
    void waitsForKafkaAndCarriesOnThroughABrokerRestart() throws Exception {
        int brokerPort = freePort();
        int registryPort = freePort();
        StackSettings stackSettings = StackSettings.forTests().withRegistryPort(registryPort)
                .withBroker(BrokerSettings.forTests().withPort(brokerPort).withLogDir(dir.resolve("kafka")));
        List<InteractionEvent> events = Interactions.generate(2 * HALF, 5);
        String hash = TinyBackbone.store(dir.resolve("store"));
        Map<String, String> settings = settings(brokerPort, registryPort, hash, "outage");

        AtomicReference<String> waited = new AtomicReference<>();
        AtomicInteger checkpoints = new AtomicInteger();
        TrainerListener listener = new TrainerListener() {
            @Override public void waiting(String what) {
                waited.compareAndSet(null, what);
            }

            @Override public void checkpointed(CheckpointWritten c) {
                checkpoints.incrementAndGet();
            }
        };
        TrainerService.Outcome outcome;
        try (TrainerService trainer = TrainerService.start(TrainerSettings.toConfig(settings), listener)) {
            awaitTrue(() -> waited.get() != null, "the trainer says it waits for Kafka");
            assertThat(waited.get()).contains("Waiting for Kafka at 127.0.0.1:" + brokerPort);
            try (EmbeddedStack stack = EmbeddedStack.start(stackSettings)) {
                stack.broker().createTopic(TOPIC, PARTITIONS, Map.of());
                produce(stack, events.subList(0, HALF));
                awaitTrue(() -> checkpoints.get() >= 3, "checkpoints before the restart");
            }
            int beforeRestart = checkpoints.get();
            try (EmbeddedStack stack = EmbeddedStack.start(stackSettings)) {
                produce(stack, events.subList(HALF, 2 * HALF));
                outcome = trainer.awaitTermination(Duration.ofSeconds(120)).orElseThrow();
                assertThat(checkpoints.get()).isGreaterThan(beforeRestart);
            }
        }
        assertThat(outcome).isEqualTo(TrainerService.Outcome.FINISHED);

        try (EmbeddedStack stack = EmbeddedStack.start(stackSettings);
             TrainerService reference = TrainerService.start(TrainerSettings.toConfig(
                     settings(brokerPort, registryPort, hash, "reference")), TrainerListener.NONE)) {
            assertThat(reference.awaitTermination(Duration.ofSeconds(60))).contains(TrainerService.Outcome.FINISHED);
        }
        List<TrainerCheckpoint> chain = Lineage.chain(dir.resolve("ckpt/outage"));
        assertThat(chain.get(chain.size() - 1).recordsTrained()).isEqualTo(2 * HALF);
        assertThat(Lineage.bitEqual(Lineage.finalParameters(dir.resolve("ckpt/outage")),
                Lineage.finalParameters(dir.resolve("ckpt/reference")))).as("same parameters as without outage").isTrue();
    }

    private Map<String, String> settings(int brokerPort, int registryPort, String hash, String experiment)
            throws IOException {
        Map<String, String> s = TrainerSettingsFixture.tiny("127.0.0.1:" + brokerPort,
                "http://127.0.0.1:" + registryPort, TOPIC, experiment, dir.resolve("ckpt"), dir.resolve("store"), hash);
        // A plain producer writes offsets 0..n-1: the end is known before the first record exists.
        s.put("trainer.end", "offsets:" + TOPIC + ":0=" + HALF + "," + TOPIC + ":1=" + HALF);
        Files.createDirectories(dir.resolve("ckpt"));
        return s;
    }

    private static void produce(EmbeddedStack stack, List<InteractionEvent> events) throws Exception {
        List<byte[]> values = Interactions.encode(stack, TOPIC, events);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, values.get(i))).get();
            }
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
