package org.levistream.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.LineageRange;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.position.PartitionOffsets;
import org.levistream.trainer.testing.Images;
import org.levistream.trainer.testing.Interactions;
import org.levistream.trainer.testing.Lineage;
import org.levistream.trainer.testing.TinyBackbone;
import org.levistream.trainer.testing.Topics;
import org.levistream.trainer.testing.TrainerSettingsFixture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact resume. Over a fixed stretch of a topic (transactional, with an aborted transaction and poison records), a
 * trainer in a child JVM is killed with SIGKILL at random instants and restarted each time until it reaches the end;
 * before the last restart its newest checkpoint is corrupted and a half-written one is planted. Its final parameters
 * must be bit-identical to those of a run that was never interrupted, and its checkpoints' lineage ranges must tile
 * every partition from start to end, accounting for every record exactly once. It runs on an interaction topic and on
 * an image topic ({@code trainer.features=image}, the small CNN, SGD with momentum): the pipeline is the same, the
 * records and the model are not. A third case trains two passes over the stretch ({@code trainer.epochs=2}) and is
 * killed only once the second pass has begun, so that every restart resumes in pass 2 (the first from the checkpoint
 * at pass 1's end or later); the lineage of each pass must tile the stretch once.
 */
@Tag("integration")
@Timeout(150)
@ExtendWith(EmbeddedStackExtension.class)
class TrainerKillResumeIT {
    private static final Logger log = LoggerFactory.getLogger(TrainerKillResumeIT.class);
    private static final int PARTITIONS = 3;

    /** The record types the trainer reads, each with its own generated records, featurizer and model. */
    enum RecordStream {
        INTERACTIONS(4_000, false, 1), IMAGES(1_200, true, 1), INTERACTIONS_TWO_PASSES(2_000, false, 2);

        /** Records in the stretch, poison aside. */
        final int records;
        final boolean images;
        /** Passes over the stretch ({@code trainer.epochs}). */
        final int passes;

        RecordStream(int records, boolean images, int passes) {
            this.records = records;
            this.images = images;
            this.passes = passes;
        }

        List<byte[]> encode(EmbeddedStack stack, String topic) {
            if (!images) {
                return Interactions.encode(stack, topic, Interactions.generate(records, 9));
            }
            try (var registry = Interactions.registry(stack)) {
                return Images.encode(registry, topic, Images.generate(records, 9));
            }
        }

        String storeBackbone(Path store) {
            return images ? TinyBackbone.storeImageBackbone(store) : TinyBackbone.store(store);
        }

        Map<String, String> settings(EmbeddedStack stack, String topic, String experiment, Path checkpoints,
                                     Path store, String hash) {
            Map<String, String> s = images ? TrainerSettingsFixture.tinyImages(stack, topic, experiment, checkpoints,
                    store, hash) : TrainerSettingsFixture.tiny(stack, topic, experiment, checkpoints, store, hash);
            s.put("trainer.epochs", Integer.toString(passes));
            return s;
        }
    }
    private static final int POISON = 3;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    // Child logs stay in the build folder for whoever debugs a failure.
    private final Path logs = Path.of("target", "kill-resume-logs");

    @ParameterizedTest
    @EnumSource(RecordStream.class)
    void killedAtRandomInstantsReachesTheParametersOfAnUninterruptedRun(RecordStream stream, EmbeddedStack stack,
                                                                         TestInfo info) throws Exception {
        long seed = System.nanoTime();
        log.info("Kill instants seeded with {}", seed);
        SplittableRandom random = new SplittableRandom(seed);
        String topic = TestNames.unique(info) + "-" + stream.name().toLowerCase(java.util.Locale.ROOT);
        stack.broker().createTopic(topic, PARTITIONS, Map.of());
        List<byte[]> values = new ArrayList<>(stream.encode(stack, topic));
        for (int i = 0; i < POISON; i++) {
            values.add((2 * i + 1) * stream.records / 8, new byte[] {0, 0, 0, 0x7f, 0x7f, 1});   // unknown schema id
        }
        Interactions.produce(stack, topic, PARTITIONS, values, 200, true);
        Map<TopicPartition, Long> end = Topics.endOffsets(stack, topic, PARTITIONS);
        String hash = stream.storeBackbone(dir.resolve("store"));

        Path reference = settings(stream, stack, topic, "reference", hash, end);
        Path killed = settings(stream, stack, topic, "killed", hash, end);
        long t0 = System.nanoTime();
        assertThat(child(reference, stream + "-reference").waitFor(90, TimeUnit.SECONDS)).isTrue();
        log.info("The uninterrupted run took {} ms", (System.nanoTime() - t0) / 1_000_000);

        Path killedDir = dir.resolve("ckpt/killed");
        int before = 0;
        for (int k = 0; k < KILLS; k++) {
            Process p = child(killed, stream + "-killed-" + k);
            awaitMoreCheckpoints(killedDir, before + random.nextInt(1, 4), p);
            awaitPass(killedDir, stream.passes, p);
            TimeUnit.MILLISECONDS.sleep(random.nextLong(0, 150)); // a random instant, not a synchronisation
            int atKill = count(killedDir);
            p.destroyForcibly().waitFor();
            before = count(killedDir);
            log.info("Killed run {} with {} checkpoints written so far ({} just before the kill)", k, before, atKill);
        }
        Path corrupted = corruptNewest(killedDir);
        plantHalfWritten(killedDir);
        Process last = child(killed, stream + "-killed-final");
        t0 = System.nanoTime();
        assertThat(last.waitFor(90, TimeUnit.SECONDS)).isTrue();
        log.info("The last run took {} ms", (System.nanoTime() - t0) / 1_000_000);
        assertThat(last.exitValue()).as("exit code; see %s", logs.resolve(stream + "-killed-final.log")).isZero();
        // The resumed run loaded a backbone and a checkpoint into built parameters, the path that made libtorch
        // print its deprecated-AutoNonVariableTypeMode warning on every run (issue 14).
        assertThat(Files.readString(logs.resolve(stream + "-killed-final.log"))).doesNotContain("AutoNonVariableTypeMode");

        assertThat(Files.readString(logs.resolve(stream + "-killed-final.log"))).contains("is corrupt or incomplete",
                corrupted.getFileName().toString());
        assertThat(Lineage.bitEqual(Lineage.finalParameters(killedDir),
                Lineage.finalParameters(dir.resolve("ckpt/reference")))).as("bit-identical parameters").isTrue();
        assertLineage(Lineage.chain(killedDir), end, stream.records, stream.passes);
        assertLineage(Lineage.chain(dir.resolve("ckpt/reference")), end, stream.records, stream.passes);
        assertAnnouncedOnce(stack, topic + ".checkpoints", corrupted);
    }

    /**
     * Across the kills each version is announced once: a restart re-sends only an event the topic lacks. The one
     * exception is the version whose checkpoint the test corrupted: the last run trains it again and announces the
     * new checkpoint of that version.
     */
    private static void assertAnnouncedOnce(EmbeddedStack stack, String topic, Path corrupted) {
        long corruptedVersion = Long.parseLong(corrupted.getFileName().toString().substring("step-".length()));
        try (var registry = Interactions.registry(stack)) {
            var deserializer = org.levistream.schemas.serde.AvroDeserializer.specific(
                    org.levistream.schemas.avro.CheckpointEvent.class, registry, false);
            List<Long> versions = Topics.read(stack, topic, 1).stream()
                    .map(r -> deserializer.deserialize(topic, r.value()))
                    .filter(e -> e.getExperiment().equals("killed"))
                    .map(e -> e.getVersion())
                    .filter(v -> v != corruptedVersion)
                    .toList();
            assertThat(versions).isNotEmpty().doesNotHaveDuplicates();
        }
    }

    /** Every pass's checkpoints tile the stretch once; the run's counts are the passes' sums. */
    private static void assertLineage(List<TrainerCheckpoint> chain, Map<TopicPartition, Long> end, int records,
                                      int passes) {
        TrainerCheckpoint last = chain.get(chain.size() - 1);
        assertThat(last.epoch()).isEqualTo(passes);
        assertThat(last.epochs()).isEqualTo(passes);
        assertThat(last.recordsTrained()).isEqualTo((long) passes * records);
        assertThat(last.poisonRecords()).isEqualTo((long) passes * POISON);
        for (int pass = 1; pass <= passes; pass++) {
            int p = pass;
            List<TrainerCheckpoint> inPass = chain.stream().filter(c -> c.epoch() == p).toList();
            assertThat(inPass).as("checkpoints of pass %d", pass).isNotEmpty();
            assertPassLineage(inPass, end, records);
        }
    }

    private static void assertPassLineage(List<TrainerCheckpoint> chain, Map<TopicPartition, Long> end, int records) {
        TrainerCheckpoint last = chain.get(chain.size() - 1);
        assertThat(PartitionPosition.mapOf(last.nextOffsets())).isEqualTo(end);
        long trained = 0;
        long poison = 0;
        for (List<LineageRange> ranges : Lineage.ranges(chain).values()) {
            assertThat(ranges.get(0).from()).isZero();
            for (int i = 1; i < ranges.size(); i++) {
                assertThat(ranges.get(i).from()).as("no gap, no overlap").isEqualTo(ranges.get(i - 1).to());
            }
            TopicPartition tp = new TopicPartition(ranges.get(0).topic(), ranges.get(0).partition());
            assertThat(ranges.get(ranges.size() - 1).to()).isEqualTo(end.get(tp));
            trained += ranges.stream().mapToLong(LineageRange::records).sum();
            poison += ranges.stream().mapToLong(LineageRange::poison).sum();
        }
        assertThat(trained).as("each record trained exactly once").isEqualTo(records);
        assertThat(poison).isEqualTo(POISON);
    }

    private Path settings(RecordStream stream, EmbeddedStack stack, String topic, String experiment, String hash,
                          Map<TopicPartition, Long> end) throws IOException {
        Map<String, String> s = stream.settings(stack, topic, experiment, dir.resolve("ckpt"), dir.resolve("store"),
                hash);
        s.put("trainer.end", "offsets:" + PartitionOffsets.format(end));
        s.put("dead.letter.topic", topic + "." + experiment + ".deadletter");
        return TrainerChild.write(s, dir.resolve(experiment + ".properties"));
    }

    private Process child(Path settings, String name) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true",
                // One libtorch thread: bit-identity needs the same thread count in every run, and two threads on
                // a loaded two-core machine spin each other down by an order of magnitude.
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-cp", System.getProperty("java.class.path"),
                TrainerChild.class.getName(), settings.toString());
        Files.createDirectories(logs);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile()).start();
    }

    /** Waits until the newest checkpoint in the folder is in pass {@code pass} or later. */
    private static void awaitPass(Path folder, int pass, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            List<Path> all = Files.isDirectory(folder) ? new CheckpointStore(folder).list() : List.of();
            if (pass <= 1 || (!all.isEmpty() && Checkpointer.metadataOf(all.get(all.size() - 1))
                    .map(TrainerCheckpoint::epoch).orElse(0) >= pass)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("the trainer reached no checkpoint in pass " + pass + " (alive: " + p.isAlive() + ")");
    }

    /** Waits until the folder holds at least {@code wanted} checkpoints; returns the count. */
    private static int awaitMoreCheckpoints(Path folder, int wanted, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            int now = count(folder);
            if (now >= wanted) {
                return now;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("the trainer made no new checkpoint (alive: " + p.isAlive() + ")");
    }

    private static int count(Path folder) throws IOException {
        return Files.isDirectory(folder) ? new CheckpointStore(folder).list().size() : 0;
    }

    private static Path corruptNewest(Path folder) throws IOException {
        List<Path> all = new CheckpointStore(folder).list();
        Path newest = all.get(all.size() - 1);
        Path parameters = newest.resolve(CheckpointStore.PARAMETERS_BIN);
        byte[] bytes = Files.readAllBytes(parameters);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(parameters, bytes);
        return newest;
    }

    private static void plantHalfWritten(Path folder) throws IOException {
        Path half = Files.createDirectories(folder.resolve(CheckpointStore.directoryName(999_999)));
        Files.writeString(half.resolve(CheckpointStore.CHECKPOINT_JSON), "{\"format\":1,\"st");
        try (Stream<Path> s = Files.list(folder)) {
            log.info("Checkpoint folder before the last run: {}", s.map(Path::getFileName).toList());
        }
    }
}
