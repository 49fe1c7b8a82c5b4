package org.levistream.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.levistream.common.config.InvalidConfigException;

/**
 * Where an {@link InProcessSchemaRegistry} listens and where it keeps its schemas.
 *
 * @param bootstrapServers the Kafka cluster holding {@code topic}, e.g. {@code 127.0.0.1:9092}
 * @param host             the address the HTTP server binds to and names in {@link InProcessSchemaRegistry#url()}
 * @param port             the HTTP port; {@code 0} picks a free one at start
 * @param topic            the compacted topic the schemas live in; Confluent's default is {@value #DEFAULT_TOPIC}
 */
public record RegistrySettings(String bootstrapServers, String host, int port, String topic) {

    /** The address a one-machine registry binds to unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Confluent Schema Registry's default topic, so that either registry can read what the other wrote. */
    public static final String DEFAULT_TOPIC = "_schemas";

    // Kafka's own rule for topic names (kept here because Kafka's checker lives in an internal package).
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Validates every field and reports every problem in one {@link InvalidConfigException}. */
    public RegistrySettings {
        var problems = new ArrayList<String>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add(InvalidConfigException.problem("bootstrapServers", bootstrapServers, "must list at least one host:port"));
        }
        if (host == null || host.isBlank()) {
            problems.add(InvalidConfigException.problem("host", host, "must be a host name or IP address"));
        }
        if (port < 0 || port > 65_535) {
            problems.add(InvalidConfigException.problem("port", port, "must be 0 (a free port) or in 1..65535"));
        }
        if (topic == null || !TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            problems.add(InvalidConfigException.problem("topic", topic,
                    "must be a Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ - and not '.' or '..'"));
        }
        throwIfAny(problems);
    }

    /**
     * The one-machine default against {@code bootstrapServers}: {@value #DEFAULT_HOST}, a free port, and
     * Confluent's topic {@value #DEFAULT_TOPIC}.
     */
    public static RegistrySettings of(String bootstrapServers) {
        return new RegistrySettings(bootstrapServers, DEFAULT_HOST, 0, DEFAULT_TOPIC);
    }

    /** A copy listening on {@code port} ({@code 0}: a free port). */
    public RegistrySettings withPort(int port) {
        return new RegistrySettings(bootstrapServers, host, port, topic);
    }

    /** A copy keeping its schemas in {@code topic}. */
    public RegistrySettings withTopic(String topic) {
        return new RegistrySettings(bootstrapServers, host, port, topic);
    }

    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }
}
