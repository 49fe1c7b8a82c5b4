package org.levistream.bench.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.trainer.batching.ImageFeatures;
import org.levistream.trainer.batching.InteractionRecordDecoder;
import org.levistream.trainer.batching.RecordDecoder;
import org.levistream.trainer.config.TrainerConfig;

/**
 * A record stream the throughput benchmark runs on: its records, the trainer settings and model of its recipe, and
 * how many steps a run needs. Interactions step in about 3 ms and images in about 130 ms (LEVI over the CNN backbone,
 * batch 512, no tap cache), so the two need warm-ups and runs of very different lengths for the same wall time.
 *
 * @param <E> the decoded records' type
 */
abstract class BenchStream<E> {
    /** Generated MovieLens-like interactions, the recommendation recipe over the stateless featurizer. */
    static final BenchStream<InteractionEvent> INTERACTIONS = new BenchStream<>("interactions", InteractionEvent.class,
            500, 500, 500_000) {
        @Override
        Map<String, String> settings(String bootstrap, String registryUrl, Path workDir, String topic,
                                     String experiment, Map<String, String> overrides, String end) throws IOException {
            return BenchSettings.settings(bootstrap, registryUrl, workDir, topic, experiment, overrides, end);
        }

        @Override
        RecordDecoder<InteractionEvent> decoder(SchemaRegistryClient registry, TrainerConfig config) {
            return new InteractionRecordDecoder(registry);
        }

        @Override
        RecordSource records(String registryUrl, long seed) {
            SyntheticStream stream = new SyntheticStream(registryUrl, seed);
            return new RecordSource() {
                @Override public byte[] next(String topic) {
                    return stream.next(topic);
                }

                @Override public void close() {
                    stream.close();
                }
            };
        }
    };

    /** Generated 28x28 digits, the image recipe of {@code config/trainer-digits.yaml}. */
    static final BenchStream<ImageEvent> IMAGES = new BenchStream<>("images", ImageEvent.class, 20, 60, 51_200) {
        @Override
        Map<String, String> settings(String bootstrap, String registryUrl, Path workDir, String topic,
                                     String experiment, Map<String, String> overrides, String end) throws IOException {
            return BenchSettings.imageSettings(bootstrap, registryUrl, workDir, topic, experiment, overrides, end);
        }

        @Override
        RecordDecoder<ImageEvent> decoder(SchemaRegistryClient registry, TrainerConfig config) {
            return new ImageFeatures(config.model().classes()).decoder(registry);
        }

        @Override
        RecordSource records(String registryUrl, long seed) {
            return new SyntheticImages(registryUrl, seed);
        }
    };

    /** Avro values of generated records; closing releases the registry client. */
    interface RecordSource extends AutoCloseable {
        /**
         * Encodes the next record for a topic.
         *
         * @param topic the topic, whose subject the schema is registered under
         * @return the Confluent-framed Avro bytes
         */
        byte[] next(String topic);

        @Override
        void close();
    }

    private final String name;
    private final Class<E> type;
    private final int warmupSteps;
    private final int minTimedSteps;
    private final int defaultRecords;

    private BenchStream(String name, Class<E> type, int warmupSteps, int minTimedSteps, int defaultRecords) {
        this.name = name;
        this.type = type;
        this.warmupSteps = warmupSteps;
        this.minTimedSteps = minTimedSteps;
        this.defaultRecords = defaultRecords;
    }

    /**
     * Finds a stream by name.
     *
     * @param name {@code interactions} or {@code images}
     * @return the stream
     * @throws IllegalArgumentException naming the allowed ones
     */
    static BenchStream<?> named(String name) {
        if (INTERACTIONS.name.equals(name)) {
            return INTERACTIONS;
        }
        if (IMAGES.name.equals(name)) {
            return IMAGES;
        }
        throw new IllegalArgumentException("'" + name + "' but must be interactions or images");
    }

    /** The trainer settings of a benchmark run over {@code topic}, {@code overrides} last. */
    abstract Map<String, String> settings(String bootstrap, String registryUrl, Path workDir, String topic,
                                          String experiment, Map<String, String> overrides, String end)
            throws IOException;

    /** The decoder the trainer's featurizer uses for these records. */
    abstract RecordDecoder<E> decoder(SchemaRegistryClient registry, TrainerConfig config);

    /** Generated records, a pure function of the seed. */
    abstract RecordSource records(String registryUrl, long seed);

    String name() {
        return name;
    }

    Class<E> type() {
        return type;
    }

    /** Untimed steps at the start of every run. */
    int warmupSteps() {
        return warmupSteps;
    }

    /** Timed steps a run needs at least, so that it says something. */
    int minTimedSteps() {
        return minTimedSteps;
    }

    /** Records of a run unless told otherwise. */
    int defaultRecords() {
        return defaultRecords;
    }
}
