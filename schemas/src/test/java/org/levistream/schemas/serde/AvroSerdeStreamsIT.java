package org.levistream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.RegistryClientConfig;

/** {@link AvroSerde} as Kafka Streams uses it: the default value serde, built and configured by Streams itself. */
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class AvroSerdeStreamsIT {

    @Test
    void streamsConfiguresTheDefaultSerdeFromConfluentKeys(EmbeddedStack stack, TestInfo info, @TempDir Path state) {
        String in = TestNames.unique(info, "in");
        String out = TestNames.unique(info, "out");
        TopicIo.createTopics(stack.bootstrapServers(), in, out);   // Streams stops if its source topic is missing
        try (var registry = new HttpSchemaRegistryClient(RegistryClientConfig.forUrls(stack.registryUrl()))) {
            var serde = AvroSerde.specific(Interaction.class, registry, AvroSerdeConfig.defaults(), false);
            TopicIo.produce(stack.bootstrapServers(), in, serde.serializer(),
                    List.of(Fixtures.interaction("u1"), Fixtures.interaction("u2")));

            var builder = new StreamsBuilder();
            builder.<String, Interaction>stream(in).mapValues(v -> {
                v.setRating(v.getRating() / 2);
                return v;
            }).to(out);
            try (var streams = new KafkaStreams(builder.build(), props(stack, TestNames.unique(info), state))) {
                streams.start();
                assertThat(TopicIo.consume(stack.bootstrapServers(), out, serde.deserializer(), 2))
                        .extracting(Interaction::getUserId, Interaction::getRating)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("u1", 2.25f),
                                org.assertj.core.groups.Tuple.tuple("u2", 2.25f));
            }
        }
    }

    private static Properties props(EmbeddedStack stack, String applicationId, Path state) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, AvroSerde.class);
        props.put(RegistryClientConfig.URL, stack.registryUrl());
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return props;
    }
}
