package org.levistream.trainer.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.checkpoint.IncompatibleCheckpointException;
import org.levistream.trainer.batching.EpochPlan;
import org.levistream.trainer.batching.ReadPlan;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.RecordDecoder;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.checkpoint.Retention;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.position.PartitionOffsets;
import org.levistream.trainer.position.StartPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a run starts: from the newest verified checkpoint of its own folder (exact resume: parameters,
 * optimizer state, step, offsets and the rotation's cursor), else from its start point, which may be another
 * experiment's checkpoint. Restores the trainer accordingly and, for a stateful featurizer, rebuilds its state from
 * the records before the start.
 */
final class Resume<E> {
    private static final Logger log = LoggerFactory.getLogger(Resume.class);

    private final TrainerConfig config;
    private final ModelSetup setup;
    private final Checkpointer checkpointer;
    private final Consumer<byte[], byte[]> consumer;
    private final Positions positions;
    private final BatchBuilder<E> builder;
    private final RecordDecoder<E> decoder;
    private final TrainerListener listener;

    /**
     * Where the run starts.
     *
     * @param plan            the feed's plan
     * @param state           the stream state
     * @param description     one line for people
     * @param resumedDir      the own checkpoint resumed from, or {@code null}
     * @param resumedMetadata its metadata, or {@code null}
     */
    record Start(ReadPlan plan, RunState state, String description, Path resumedDir,
                 TrainerCheckpoint resumedMetadata) {}

    Resume(TrainerConfig config, ModelSetup setup, BatchBuilder<E> builder, Checkpointer checkpointer,
           Consumer<byte[], byte[]> consumer, RecordDecoder<E> decoder, TrainerListener listener) {
        this.builder = builder;
        this.config = config;
        this.setup = setup;
        this.checkpointer = checkpointer;
        this.consumer = consumer;
        this.positions = new Positions(consumer);
        this.decoder = decoder;
        this.listener = listener;
    }

    /**
     * Prepares the start, waiting for Kafka as long as needed.
     *
     * @param stopping ends the wait
     * @return the start, or {@code null} if stopped while waiting
     * @throws IOException          if checkpoints cannot be read
     * @throws InterruptedException if interrupted
     */
    Start prepare(BooleanSupplier stopping) throws IOException, InterruptedException {
        Optional<Checkpointer.Loaded> own = checkpointer.loadLatest();
        if (own.isPresent()) {
            restore(own.get(), true);
        }
        List<TopicPartition> partitions = positions.awaitPartitions(config.inputTopics(), config.bootstrapServers(),
                listener, stopping);
        if (partitions.isEmpty()) {
            return null;
        }
        if (own.isPresent()) {
            return resumed(partitions, own.get());
        }
        if (config.start() instanceof StartPoint.Checkpoint ref) {
            return fromOtherExperiment(partitions, ref);
        }
        Map<TopicPartition, Long> next = positions.start(partitions, config.start());
        Map<TopicPartition, Long> end = positions.end(partitions, config.end());
        EpochPlan epochs = new EpochPlan(1, config.epochs(), next, null);
        RunState state = new RunState(config.experiment(), config.trainingSettingsHash(), config.trainingSettings(),
                next, end, config.start().toString(), next, partitions.get(0), epochs, null);
        return new Start(new ReadPlan(partitions, next, null, end, epochs), state, "starting at "
                + config.start() + " (" + PartitionOffsets.format(next) + ")" + ending(end, epochs), null, null);
    }

    private Start resumed(List<TopicPartition> partitions, Checkpointer.Loaded own) throws InterruptedException {
        TrainerCheckpoint meta = own.metadata();
        Map<TopicPartition, Long> next = withDefaults(partitions, PartitionPosition.mapOf(meta.nextOffsets()));
        Map<TopicPartition, Long> end = meta.end().isEmpty() ? positions.end(partitions, config.end())
                : PartitionPosition.mapOf(meta.end());
        Map<TopicPartition, Long> origin = withDefaults(partitions, PartitionPosition.mapOf(meta.origin()));
        TopicPartition cursor = meta.cursor().topicPartition();
        EpochPlan epochs = resumedEpochs(partitions, meta);
        // A later pass featurizes from the state its pass began with (empty: see TrainerConfig's epoch rules).
        warmUpIfStateful(partitions, epochs.epoch() > 1 ? epochs.start() : origin, next, meta.arrivalOrdered(),
                stopping());
        RunState state = new RunState(config.experiment(), config.trainingSettingsHash(), config.trainingSettings(),
                origin, end, meta.startedFrom(), next, cursor, epochs, meta);
        return new Start(new ReadPlan(partitions, next, cursor, end, epochs), state, "resuming from checkpoint step "
                + meta.step() + " (" + PartitionOffsets.format(next) + ")" + ending(end, epochs),
                own.checkpoint().directory(), meta);
    }

    private Start fromOtherExperiment(List<TopicPartition> partitions, StartPoint.Checkpoint ref)
            throws IOException, InterruptedException {
        Path dir = config.checkpointDir().toAbsolutePath().getParent().resolve(ref.experiment());
        Checkpointer.Loaded other = new Checkpointer(dir, new Retention(Integer.MAX_VALUE, 0)).load(ref.version());
        TrainerCheckpoint meta = other.metadata();
        boolean restored = restore(other, false);
        Map<TopicPartition, Long> next = withDefaults(partitions, PartitionPosition.mapOf(meta.nextOffsets()));
        Map<TopicPartition, Long> origin = withDefaults(partitions, PartitionPosition.mapOf(meta.origin()));
        Map<TopicPartition, Long> end = positions.end(partitions, config.end());
        TopicPartition cursor = meta.cursor().topicPartition();
        warmUpIfStateful(partitions, origin, next, meta.arrivalOrdered(), stopping());
        // Every pass of this run begins where the other experiment's checkpoint left off.
        EpochPlan epochs = new EpochPlan(1, config.epochs(), next, cursor);
        RunState state = new RunState(config.experiment(), config.trainingSettingsHash(), config.trainingSettings(),
                origin, end, ref.toString(), next, cursor, epochs, null);
        return new Start(new ReadPlan(partitions, next, cursor, end, epochs), state, "starting from " + ref + " (step "
                + meta.step() + (restored ? ", its parameters and optimizer state" : ", its offsets only: other model "
                + "settings") + "; " + PartitionOffsets.format(next) + ")" + ending(end, epochs), null, null);
    }

    /** Restores the trainer; an own checkpoint must match, another experiment's may differ (offsets only). */
    private boolean restore(Checkpointer.Loaded loaded, boolean own) {
        TrainerCheckpoint meta = loaded.metadata();
        boolean sameTraining = meta.trainingSettingsHash().equals(config.trainingSettingsHash());
        try {
            if (!sameTraining) {
                throw new IncompatibleCheckpointException(List.of("it was trained with other settings ("
                        + CheckpointStore.METADATA_JSON + " training.settings.hash " + meta.trainingSettingsHash()
                        + ", now " + config.trainingSettingsHash() + ")"));
            }
            CheckpointStore.restore(setup.trainer(), loaded.checkpoint());
            return true;
        } catch (IncompatibleCheckpointException e) {
            if (own) {
                throw new InvalidConfigException(List.of(TrainerConfig.EXPERIMENT + " was " + config.experiment()
                        + " but its checkpoint " + loaded.checkpoint().directory() + " cannot be resumed with these "
                        + "settings: " + e.getMessage().replace(System.lineSeparator(), "; ") + ". Use another "
                        + "experiment id (or 'levi replay') to train with other settings"));
            }
            log.info("Checkpoint {} has other settings; starting with fresh parameters at its offsets ({})",
                    loaded.checkpoint().directory(), e.getMessage().replace(System.lineSeparator(), "; "));
            return false;
        }
    }

    private void warmUpIfStateful(List<TopicPartition> partitions, Map<TopicPartition, Long> origin,
                                  Map<TopicPartition, Long> upTo, boolean arrivalOrdered, BooleanSupplier stopping)
            throws InterruptedException {
        if (!builder.stateful() || origin.equals(upTo)) {
            return;
        }
        if (arrivalOrdered) {
            log.warn("The run skipped silent partitions at some point, so the featurizer's state is rebuilt in an "
                    + "order that may differ slightly from the original");
        }
        long observed = new Warmup<>(consumer, decoder, builder).run(partitions, origin, upTo, stopping);
        log.info("Rebuilt the featurizer's state from {} records ({} to {})", observed,
                PartitionOffsets.format(origin), PartitionOffsets.format(upTo));
    }

    private static BooleanSupplier stopping() {
        return () -> Thread.currentThread().isInterrupted();
    }

    private Map<TopicPartition, Long> withDefaults(List<TopicPartition> partitions, Map<TopicPartition, Long> known) {
        Map<TopicPartition, Long> all = PartitionOffsets.sortedCopy(known);
        List<TopicPartition> unknown = partitions.stream().filter(tp -> !all.containsKey(tp)).toList();
        if (!unknown.isEmpty()) {
            // Partitions added since the checkpoint start where the start point says.
            all.putAll(positions.start(unknown, config.start() instanceof StartPoint.Checkpoint
                    ? new StartPoint.Earliest() : config.start()));
        }
        all.keySet().retainAll(partitions);
        return all;
    }

    /**
     * The passes of a resumed run, as its checkpoint recorded them: like the end offsets, they were fixed when the run
     * first started, so that a restart finishes the run that was begun.
     */
    private EpochPlan resumedEpochs(List<TopicPartition> partitions, TrainerCheckpoint meta) {
        if (meta.epochs() != config.epochs()) {
            log.warn("The checkpoint's run makes {} pass(es) over its stretch; {} was {} but a resumed run keeps its "
                    + "own", meta.epochs(), TrainerConfig.EPOCHS, config.epochs());
        }
        Map<TopicPartition, Long> start = withDefaults(partitions, PartitionPosition.mapOf(meta.epochStart()));
        TopicPartition startCursor = meta.epochStartCursor() == null ? null : meta.epochStartCursor().topicPartition();
        return new EpochPlan(meta.epoch(), meta.epochs(), start, startCursor);
    }

    private static String ending(Map<TopicPartition, Long> end, EpochPlan epochs) {
        if (end.isEmpty()) {
            return "; live, no end";
        }
        String stop = "; stopping at " + PartitionOffsets.format(end);
        return epochs.epochs() == 1 ? stop : stop + ", pass " + epochs.epoch() + " of " + epochs.epochs() + " (each "
                + "from " + PartitionOffsets.format(epochs.start()) + ")";
    }
}
