package org.levistream.trainer.batching;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.levistream.schemas.avro.ImageEncoding;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;

/**
 * Decodes Confluent-framed Avro {@link ImageRecord}s into {@link ImageEvent}s the model can take, and refuses, as
 * poison, every image it cannot: the record is dead-lettered whole with one of these reasons, and the stream goes on.
 *
 * <ul>
 *   <li>{@value PoisonRecordException#DECODE}: the bytes are not an image record of a readable schema;</li>
 *   <li>{@value PoisonRecordException#LABEL_OUT_OF_RANGE}: the label is not one of the model's classes;</li>
 *   <li>{@value PoisonRecordException#IMAGE_UNDECODABLE}: a PNG no decoder reads (or not 8 bits deep), or raw
 *       pixels that do not number {@code height * width * channels};</li>
 *   <li>{@value PoisonRecordException#IMAGE_WRONG_SIZE}: readable pixels of another size or channel count than the
 *       model's input;</li>
 *   <li>{@value PoisonRecordException#INVALID_RECORD}: any other broken rule of an image record (a blank id, a PNG
 *       whose size disagrees with the record's).</li>
 * </ul>
 *
 * <p>A PNG is decoded here, on the feed's thread, so that every decoded image is {@link ImageEvent.Encoding#RAW_U8}
 * and the featurizer never decodes. Not thread-safe: one per reading thread.
 */
public final class ImageRecordDecoder implements RecordDecoder<ImageEvent> {
    private final AvroDeserializer<ImageRecord> deserializer;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;

    /**
     * Creates a decoder for a model's input.
     *
     * @param registry   the schema registry client; not closed by the decoder
     * @param inputShape one image's shape the model takes, {@code (channels, height, width)}
     * @param classes    the model's classes; labels must be in {@code [0, classes)}
     */
    public ImageRecordDecoder(SchemaRegistryClient registry, List<Long> inputShape, int classes) {
        if (inputShape.size() != 3) {
            throw new IllegalArgumentException("inputShape was " + inputShape + " but must be (channels, height, width)");
        }
        this.deserializer = AvroDeserializer.specific(ImageRecord.class, registry, false);
        this.channels = Math.toIntExact(inputShape.get(0));
        this.height = Math.toIntExact(inputShape.get(1));
        this.width = Math.toIntExact(inputShape.get(2));
        this.classes = classes;
    }

    @Override
    public Fetched<ImageEvent> decode(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new PoisonRecordException(PoisonRecordException.EMPTY_VALUE, "the record has no value", null);
        }
        ImageRecord avro;
        try {
            avro = deserializer.deserialize(record.topic(), value);
        } catch (SerializationException e) {
            throw new PoisonRecordException(PoisonRecordException.DECODE, e.getMessage(), e);
        }
        if (avro.getLabel() < 0 || avro.getLabel() >= classes) {
            throw new PoisonRecordException(PoisonRecordException.LABEL_OUT_OF_RANGE, "label was " + avro.getLabel()
                    + " but the model has " + classes + " classes, so it must be in [0, " + (classes - 1) + "]", null);
        }
        ImageEvent event = avro.getEncoding() == ImageEncoding.PNG ? fromPng(avro) : fromRaw(avro);
        return RecordDecoder.fetched(record, RecordDecoder.schemaIdOf(value), event);
    }

    private ImageEvent fromRaw(ImageRecord avro) throws PoisonRecordException {
        long expected = (long) avro.getHeight() * avro.getWidth() * avro.getChannels();
        int actual = avro.getBytes().remaining();
        if (avro.getHeight() > 0 && avro.getWidth() > 0 && avro.getChannels() > 0 && actual != expected) {
            throw new PoisonRecordException(PoisonRecordException.IMAGE_UNDECODABLE, "RAW_U8 pixels numbered " + actual
                    + " but height x width x channels is " + avro.getHeight() + "x" + avro.getWidth() + "x"
                    + avro.getChannels() + " = " + expected, null);
        }
        checkSize(avro.getChannels(), avro.getHeight(), avro.getWidth());
        return mapped(avro);
    }

    private ImageEvent fromPng(ImageRecord avro) throws PoisonRecordException {
        BufferedImage image = readPng(avro.getBytes());
        int bands = image.getColorModel().getNumColorComponents();
        checkSize(bands, image.getHeight(), image.getWidth());
        if (image.getHeight() != avro.getHeight() || image.getWidth() != avro.getWidth()) {
            throw new PoisonRecordException(PoisonRecordException.INVALID_RECORD, "the record says "
                    + avro.getHeight() + "x" + avro.getWidth() + " but its PNG is " + image.getHeight() + "x"
                    + image.getWidth(), null);
        }
        // The size check passed, so the PNG has the model's channels; grey is the only layout the models take.
        byte[] pixels = new byte[height * width];
        int[] samples = image.getRaster().getSamples(0, 0, width, height, 0, new int[height * width]);
        for (int i = 0; i < samples.length; i++) {
            pixels[i] = (byte) samples[i];
        }
        ImageEvent png = mapped(avro);
        try {
            return png.withPixels(png.id(), png.domain(), pixels);
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(PoisonRecordException.INVALID_RECORD, "the record says "
                    + avro.getChannels() + " channel(s) but its PNG has " + channels, e);
        }
    }

    private static BufferedImage readPng(ByteBuffer bytes) throws PoisonRecordException {
        byte[] png = new byte[bytes.remaining()];
        bytes.duplicate().get(png);
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException | RuntimeException e) {
            // ImageIO's decoders throw unchecked exceptions (index errors, IllegalArgument) on corrupt content too.
            throw new PoisonRecordException(PoisonRecordException.IMAGE_UNDECODABLE, "the PNG could not be decoded: "
                    + e, e);
        }
        if (image == null) {
            throw new PoisonRecordException(PoisonRecordException.IMAGE_UNDECODABLE,
                    "no image decoder recognises the PNG bytes", null);
        }
        if (image.getColorModel().getComponentSize(0) != 8) {
            throw new PoisonRecordException(PoisonRecordException.IMAGE_UNDECODABLE, "the PNG has "
                    + image.getColorModel().getComponentSize(0) + "-bit samples but only 8-bit images are read", null);
        }
        return image;
    }

    private void checkSize(int c, int h, int w) throws PoisonRecordException {
        if (c != channels || h != height || w != width) {
            throw new PoisonRecordException(PoisonRecordException.IMAGE_WRONG_SIZE, "the image is " + h + "x" + w
                    + " with " + c + " channel(s) but the model takes " + height + "x" + width + " with " + channels
                    + " channel(s)", null);
        }
    }

    private static ImageEvent mapped(ImageRecord avro) throws PoisonRecordException {
        try {
            return AvroMapping.fromAvro(avro);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PoisonRecordException(PoisonRecordException.INVALID_RECORD, e.getMessage(), e);
        }
    }
}
