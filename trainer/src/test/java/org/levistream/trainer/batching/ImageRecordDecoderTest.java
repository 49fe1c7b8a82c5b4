package org.levistream.trainer.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.levistream.schemas.avro.ImageEncoding;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.registry.InMemorySchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;
import org.levistream.trainer.testing.Images;

class ImageRecordDecoderTest {
    private static final String TOPIC = "levi.images";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final RecordDecoder<ImageEvent> decoder = new ImageFeatures(10).decoder(registry);

    @Test
    void decodesRawImagesWithTheirCoordinatesAndSchemaId() throws Exception {
        ImageEvent image = Images.generate(1, 3).get(0);

        Fetched<ImageEvent> f = decoder.decode(record(7, Images.encode(registry, TOPIC, List.of(image)).get(0)));

        assertThat(f.event()).isEqualTo(image);
        assertThat(f.offset()).isEqualTo(7);
        assertThat(f.schemaId()).isPositive();
    }

    @Test
    void decodesPngIntoRawPixels() throws Exception {
        byte[] pixels = Images.pixels(4, new SplittableRandom(1));
        ImageEvent png = Images.pngEvent("p", 4, 28, 28, Images.png(28, 28, pixels));

        ImageEvent decoded = decoder.decode(record(0, encode(AvroMapping.toAvro(png)))).event();

        assertThat(decoded.encoding()).isEqualTo(ImageEvent.Encoding.RAW_U8);
        assertThat(decoded.toByteArray()).isEqualTo(pixels);
        assertThat(decoded.label()).isEqualTo(4);
    }

    @Test
    void refusesAnImageOfAnotherSizeThanTheModelTakes() {
        ImageEvent big = ImageEvent.grey("big", 1, 32, 32, new byte[32 * 32], "generated", Instant.EPOCH);

        assertPoison(encode(AvroMapping.toAvro(big)), PoisonRecordException.IMAGE_WRONG_SIZE,
                "the image is 32x32 with 1 channel(s) but the model takes 28x28 with 1 channel(s)");
        ImageEvent pngBig = Images.pngEvent("png-big", 1, 30, 30, Images.png(30, 30, new byte[900]));
        assertPoison(encode(AvroMapping.toAvro(pngBig)), PoisonRecordException.IMAGE_WRONG_SIZE, "30x30");
    }

    @Test
    void refusesALabelOutsideTheModelsClasses() {
        ImageEvent eleven = ImageEvent.grey("l", 11, 28, 28, new byte[784], "generated", Instant.EPOCH);

        assertPoison(encode(AvroMapping.toAvro(eleven)), PoisonRecordException.LABEL_OUT_OF_RANGE,
                "label was 11 but the model has 10 classes, so it must be in [0, 9]");
    }

    @Test
    void refusesUndecodablePngAndRawPixelsThatDoNotFillTheImage() {
        byte[] png = Images.png(28, 28, new byte[784]);
        byte[] truncated = Arrays.copyOf(png, 40);   // the signature and part of the header survive
        ImageRecord brokenPng = AvroMapping.toAvro(Images.pngEvent("t", 2, 28, 28, png));
        brokenPng.setBytes(ByteBuffer.wrap(truncated));
        assertPoison(encode(brokenPng), PoisonRecordException.IMAGE_UNDECODABLE, "PNG");

        ImageRecord shortRaw = AvroMapping.toAvro(Images.generate(1, 5).get(0));
        shortRaw.setBytes(ByteBuffer.wrap(new byte[700]));
        assertPoison(encode(shortRaw), PoisonRecordException.IMAGE_UNDECODABLE,
                "RAW_U8 pixels numbered 700 but height x width x channels is 28x28x1 = 784");
    }

    @Test
    void refusesBytesThatAreNoImageRecord() {
        assertPoison(new byte[] {0, 0, 0, 0x7f, 0x7f, 1}, PoisonRecordException.DECODE, "");
        ImageRecord rgbPng = AvroMapping.toAvro(Images.generate(1, 5).get(0));
        rgbPng.setEncoding(ImageEncoding.PNG);   // raw pixels said to be a PNG: no PNG signature
        assertPoison(encode(rgbPng), PoisonRecordException.IMAGE_UNDECODABLE, "");
    }

    private void assertPoison(byte[] value, String reason, String message) {
        assertThatThrownBy(() -> decoder.decode(record(0, value)))
                .isInstanceOfSatisfying(PoisonRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private byte[] encode(ImageRecord avro) {
        return new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false).serialize(TOPIC, avro);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, null, value);
    }
}
