package org.levistream.trainer.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/** Generated grey 28x28 images of ten classes, and their Avro bytes as {@code levi ingest images} writes them. */
public final class Images {
    /** The side of every generated image. */
    public static final int SIDE = 28;

    private Images() {}

    /**
     * {@code n} images; class {@code c} is a bright horizontal bar at row {@code 2 + 2c} over faint noise, so that a
     * small CNN learns them in a few steps. A pure function of the seed.
     */
    public static List<ImageEvent> generate(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ImageEvent> images = new ArrayList<>(n);
        Instant t = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(10);
            images.add(ImageEvent.grey("img-" + seed + "-" + i, label, SIDE, SIDE, pixels(label, r), "generated",
                    t.plusSeconds(i)));
        }
        return images;
    }

    /** One image of a class: its bar, plus noise from {@code r}. */
    public static byte[] pixels(int label, SplittableRandom r) {
        byte[] p = new byte[SIDE * SIDE];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) r.nextInt(40);
        }
        int row = 2 + 2 * label;
        for (int x = 3 + r.nextInt(3); x < SIDE - 3; x++) {
            p[row * SIDE + x] = (byte) 230;
            p[(row + 1) * SIDE + x] = (byte) 180;
        }
        return p;
    }

    /** The Avro bytes of images, Confluent-framed, registering the schema under the topic's subject. */
    public static List<byte[]> encode(SchemaRegistryClient registry, String topic, List<ImageEvent> images) {
        AvroSerializer<Object> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
        List<byte[]> values = new ArrayList<>(images.size());
        images.forEach(e -> values.add(serializer.serialize(topic, AvroMapping.toAvro(e))));
        return values;
    }

    /** A PNG file of grey pixels. */
    public static byte[] png(int height, int width, byte[] grey) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int[] samples = new int[grey.length];
        for (int i = 0; i < grey.length; i++) {
            samples[i] = grey[i] & 0xFF;
        }
        image.getRaster().setSamples(0, 0, width, height, 0, samples);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image record with PNG bytes. */
    public static ImageEvent pngEvent(String id, int label, int height, int width, byte[] png) {
        return new ImageEvent(id, label, height, width, 1, ImageEvent.Encoding.PNG, ByteBuffer.wrap(png), "generated",
                Instant.EPOCH);
    }

    /** Reads image bytes back, for tests that look at what was dead-lettered. */
    public static ImageEvent decode(SchemaRegistryClient registry, String topic, byte[] value) {
        return AvroMapping.fromAvro(AvroDeserializer.specific(org.levistream.schemas.avro.ImageRecord.class, registry,
                false).deserialize(topic, value));
    }
}
