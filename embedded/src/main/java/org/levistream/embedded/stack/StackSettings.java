package org.levistream.embedded.stack;

import org.levistream.common.config.InvalidConfigException;
import org.levistream.embedded.kafka.BrokerSettings;
import org.levistream.embedded.registry.RegistrySettings;

/**
 * Where the embedded stack's broker and schema registry listen. The registry binds to the broker's host.
 *
 * @param broker        the broker's ports and log directory
 * @param registryPort  the registry's HTTP port; {@code 0} picks a free one at start
 * @param registryTopic the compacted topic the registry keeps its schemas in
 */
public record StackSettings(BrokerSettings broker, int registryPort, String registryTopic) {

    /** The port Confluent Schema Registry users expect a local registry on. */
    public static final int DEFAULT_REGISTRY_PORT = 8081;

    public StackSettings {
        if (broker == null) {
            throw new InvalidConfigException("broker", null, "must be given; use BrokerSettings.defaults()");
        }
        if (registryPort < 0 || registryPort > 65_535) {
            throw new InvalidConfigException("registryPort", registryPort, "must be 0 (a free port) or in 1..65535");
        }
        if (registryPort != 0 && (registryPort == broker.port() || registryPort == broker.controllerPort())) {
            throw new InvalidConfigException("registryPort", registryPort, "must differ from the broker's ports");
        }
        if (registryTopic == null || registryTopic.isBlank()) {
            throw new InvalidConfigException("registryTopic", registryTopic, "must be a topic name, e.g. "
                    + RegistrySettings.DEFAULT_TOPIC);
        }
    }

    /** The one-machine default: a broker on 127.0.0.1:9092, the registry on :8081, schemas in {@code _schemas}. */
    public static StackSettings defaults() {
        return new StackSettings(BrokerSettings.defaults(), DEFAULT_REGISTRY_PORT, RegistrySettings.DEFAULT_TOPIC);
    }

    /** For tests: free ports everywhere and a temporary broker log. */
    public static StackSettings forTests() {
        return new StackSettings(BrokerSettings.forTests(), 0, RegistrySettings.DEFAULT_TOPIC);
    }

    /** A copy with other broker settings. */
    public StackSettings withBroker(BrokerSettings broker) {
        return new StackSettings(broker, registryPort, registryTopic);
    }

    /** A copy whose registry listens on {@code registryPort} ({@code 0}: a free port). */
    public StackSettings withRegistryPort(int registryPort) {
        return new StackSettings(broker, registryPort, registryTopic);
    }

    /** A copy whose registry keeps its schemas in {@code registryTopic}. */
    public StackSettings withRegistryTopic(String registryTopic) {
        return new StackSettings(broker, registryPort, registryTopic);
    }

    /** The registry's settings once the broker is up at {@code bootstrapServers}. */
    RegistrySettings registry(String bootstrapServers) {
        return new RegistrySettings(bootstrapServers, broker.host(), registryPort, registryTopic);
    }
}
