package org.levistream.bench.trainer;

import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/**
 * Generated grey 28x28 digits as {@code levi ingest images} publishes MNIST (raw 8-bit pixels): ten classes, each a
 * bright bar at its own row over noise. The content does not change a step's cost; only the size and count do.
 */
final class SyntheticImages implements BenchStream.RecordSource {
    private static final int SIDE = 28;

    private final SchemaRegistryClient registry;
    private final AvroSerializer<Object> serializer;
    private final SplittableRandom random;
    private long n;

    SyntheticImages(String registryUrl, long seed) {
        this.registry = HttpSchemaRegistryClient.create(Map.of("schema.registry.url", registryUrl));
        this.serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public byte[] next(String topic) {
        int label = random.nextInt(10);
        byte[] pixels = new byte[SIDE * SIDE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(40);
        }
        for (int x = 3; x < SIDE - 3; x++) {
            pixels[(2 + 2 * label) * SIDE + x] = (byte) 230;
        }
        ImageEvent e = ImageEvent.grey("img-" + n, label, SIDE, SIDE, pixels, "generated",
                Instant.parse("2020-01-01T00:00:00Z").plusMillis(n));
        n++;
        return serializer.serialize(topic, AvroMapping.toAvro(e));
    }

    @Override
    public void close() {
        registry.close();
    }
}
