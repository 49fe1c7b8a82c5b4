package org.levistream.embedded.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.kafka.EmbeddedKafka;

@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class EmbeddedStackIT {

    @Test
    void servesTheRegistryOverHttpNextToTheBroker(EmbeddedStack stack) throws Exception {
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("[");
        assertThat(stack.registryUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void handsOutOneSharedStackAndItsBroker(EmbeddedStack stack, EmbeddedKafka kafka, TestInfo info) {
        assertThat(kafka).isSameAs(stack.broker());
        assertThat(stack.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
        kafka.createTopic(TestNames.unique(info), 1, Map.of());
    }

    @Test
    void clientPropertiesNameTheBrokerAndTheRegistry(EmbeddedStack stack) {
        assertThat(stack.clientProperties())
                .containsEntry("bootstrap.servers", stack.bootstrapServers())
                .containsEntry("schema.registry.url", stack.registryUrl())
                .hasSize(2);
    }
}
