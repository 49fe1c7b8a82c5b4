package org.levistream.bench.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;
import org.levistream.schemas.GeneratedRecords;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.RegistryClientConfig;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Serialize + deserialize of {@link Interaction} records: our Confluent-format serde (magic byte, schema id, Avro
 * binary; schema id from the real in-process registry, then cached) against Avro's own binary encoding without
 * framing, the floor. Both paths write with a reused encoder and read into fresh records with a reused decoder,
 * so the difference is what the serde adds: framing, the id cache and the (writer, reader) resolution.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(InteractionSerdeBenchmark.RECORDS)
public class InteractionSerdeBenchmark {
    /** Records per invocation; throughput is reported per record. */
    static final int RECORDS = 1024;
    private static final String TOPIC = "levi.interactions";

    @Param({"42"})
    long seed;

    private List<Interaction> records;
    private EmbeddedStack stack;
    private HttpSchemaRegistryClient registry;
    private AvroSerializer<Interaction> serializer;
    private AvroDeserializer<Interaction> deserializer;

    // Made in setup, after GeneratedRecords.trust(): Avro 1.12 refuses untrusted generated classes.
    private SpecificDatumWriter<Interaction> floorWriter;
    private SpecificDatumReader<Interaction> floorReader;
    private final ByteArrayOutputStream floorBuffer = new ByteArrayOutputStream(256);
    private BinaryEncoder floorEncoder;
    private BinaryDecoder floorDecoder;

    @Setup(Level.Trial)
    public void startRegistryAndWarmCaches() throws IOException {
        GeneratedRecords.trust();
        records = Interactions.generate(seed, RECORDS);
        stack = EmbeddedStack.start(StackSettings.forTests());
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.forUrls(stack.registryUrl()));
        serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
        deserializer = AvroDeserializer.specific(Interaction.class, registry, false);
        deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, records.get(0)));   // registers, fills caches
        floorWriter = new SpecificDatumWriter<>(Interaction.class);
        floorReader = new SpecificDatumReader<>(Interaction.class);
        floorEncoder = EncoderFactory.get().binaryEncoder(floorBuffer, null);
    }

    @TearDown(Level.Trial)
    public void stopRegistry() throws Exception {
        serializer.close();
        deserializer.close();
        registry.close();
        stack.close();
    }

    /** The cost of iterating and consuming the fixtures alone. */
    @Benchmark
    public void baseline(Blackhole blackhole) {
        for (Interaction record : records) blackhole.consume(record);
    }

    /** Avro binary encode + decode, no framing, no registry: the floor our serde is measured against. */
    @Benchmark
    public void avroBinaryFloor(Blackhole blackhole) throws IOException {
        for (Interaction record : records) {
            floorBuffer.reset();
            floorWriter.write(record, floorEncoder);
            floorEncoder.flush();
            byte[] bytes = floorBuffer.toByteArray();
            floorDecoder = DecoderFactory.get().binaryDecoder(bytes, floorDecoder);
            blackhole.consume(floorReader.read(null, floorDecoder));
        }
    }

    /** Our serializer then our deserializer, exactly as a producer and a consumer call them. */
    @Benchmark
    public void confluentWireSerde(Blackhole blackhole) {
        for (Interaction record : records) {
            byte[] bytes = serializer.serialize(TOPIC, record);
            blackhole.consume(deserializer.deserialize(TOPIC, bytes));
        }
    }

}
