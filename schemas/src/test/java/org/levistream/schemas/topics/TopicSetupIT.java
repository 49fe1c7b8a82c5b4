package org.levistream.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;

@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class TopicSetupIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void createsMissingTopicsWithTheirPartitionsAndCleanupPolicy(EmbeddedStack stack, TestInfo info) throws Exception {
        String data = TestNames.unique(info, "data");
        String dead = TestNames.unique(info, "dead");
        String events = TestNames.unique(info, "events");
        try (Admin admin = admin(stack)) {
            List<String> created = TopicSetup.ensure(admin, List.of(TopicSpec.data(data, 3),
                    TopicSpec.deadLetter(dead), TopicSpec.compacted(events, Optional.of(1))), TIMEOUT);

            assertThat(created).containsExactly(data, dead, events);
            assertThat(partitions(admin, data)).isEqualTo(3);
            assertThat(partitions(admin, events)).isEqualTo(1);
            assertThat(cleanupPolicy(admin, events)).isEqualTo("compact");
            assertThat(cleanupPolicy(admin, dead)).isEqualTo("delete");
        }
    }

    @Test
    void leavesAnExistingTopicAsItIs(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        try (Admin admin = admin(stack)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);

            List<String> created = TopicSetup.ensure(admin, List.of(TopicSpec.compacted(topic, Optional.of(5))),
                    TIMEOUT);

            assertThat(created).isEmpty();
            assertThat(partitions(admin, topic)).isEqualTo(2);
            assertThat(cleanupPolicy(admin, topic)).isEqualTo("delete");
        }
    }

    private static Admin admin(EmbeddedStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        return d.partitions().size();
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get("cleanup.policy").value();
    }
}
