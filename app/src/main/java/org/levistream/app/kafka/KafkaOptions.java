package org.levistream.app.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.levistream.common.config.SettingsLayers;
import picocli.CommandLine.Option;

/**
 * The Kafka options every command that talks to Kafka shares (a picocli mixin): {@code --bootstrap-servers} and
 * {@code --schema-registry-url}.
 *
 * <p>Precedence, lowest first, as in {@link SettingsLayers}: the default ({@value #DEFAULT_BOOTSTRAP_SERVERS},
 * {@value #DEFAULT_SCHEMA_REGISTRY_URL}), the environment ({@value #BOOTSTRAP_SERVERS_ENV},
 * {@value #SCHEMA_REGISTRY_URL_ENV}), then an explicit flag. The environment is a settings layer, never a picocli
 * default: in a command with a settings file, {@code --set trainer.bootstrap.servers=...} is an override and so
 * beats the environment, while a flag given on the command line beats both.
 */
public final class KafkaOptions {
    /** Kafka on this machine. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    /** The registry on this machine. */
    public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://localhost:8081";
    /** The environment variable of the bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS_ENV = "LEVI_BOOTSTRAP_SERVERS";
    /** The environment variable of the registry URL. */
    public static final String SCHEMA_REGISTRY_URL_ENV = "LEVI_SCHEMA_REGISTRY_URL";

    private static final String BOOTSTRAP_KEY = "bootstrap.servers";
    private static final String REGISTRY_KEY = "schema.registry.url";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka (default: " + DEFAULT_BOOTSTRAP_SERVERS + ", env " + BOOTSTRAP_SERVERS_ENV
                    + "; benchmarks run a broker in their own process without it).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "The Confluent-compatible schema registry (default: " + DEFAULT_SCHEMA_REGISTRY_URL
                    + ", env " + SCHEMA_REGISTRY_URL_ENV + ").")
    String schemaRegistryUrl;

    /**
     * Returns {@code --bootstrap-servers} if it was given.
     *
     * @return the flag's value, or empty
     */
    public Optional<String> bootstrapServersFlag() {
        return Optional.ofNullable(bootstrapServers);
    }

    /**
     * Returns the bootstrap servers for a command without a settings file: flag, else environment, else default.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @return the bootstrap servers
     */
    public String bootstrapServers(Map<String, String> env) {
        return resolve(env).get(BOOTSTRAP_KEY);
    }

    /**
     * Returns the registry URL for a command without a settings file: flag, else environment, else default.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @return the registry URL
     */
    public String schemaRegistryUrl(Map<String, String> env) {
        return resolve(env).get(REGISTRY_KEY);
    }

    /**
     * Returns the environment layer of these options under a service's keys.
     *
     * @param env          the environment
     * @param bootstrapKey the service's key of the bootstrap servers, e.g. {@code trainer.bootstrap.servers}
     * @param registryKey  the service's key of the registry URL, e.g. {@code schema.registry.url}
     * @return the keys whose variable is set
     */
    public static Map<String, String> environment(Map<String, String> env, String bootstrapKey, String registryKey) {
        Map<String, String> layer = new LinkedHashMap<>();
        putIfPresent(layer, bootstrapKey, env.get(BOOTSTRAP_SERVERS_ENV));
        putIfPresent(layer, registryKey, env.get(SCHEMA_REGISTRY_URL_ENV));
        return layer;
    }

    /**
     * Returns the flag layer of these options under a service's keys: only the flags given.
     *
     * @param bootstrapKey the service's key of the bootstrap servers
     * @param registryKey  the service's key of the registry URL
     * @return the keys whose flag was given
     */
    public Map<String, String> flags(String bootstrapKey, String registryKey) {
        Map<String, String> layer = new LinkedHashMap<>();
        putIfPresent(layer, bootstrapKey, bootstrapServers);
        putIfPresent(layer, registryKey, schemaRegistryUrl);
        return layer;
    }

    private Map<String, String> resolve(Map<String, String> env) {
        return SettingsLayers.merge(
                Map.of(BOOTSTRAP_KEY, DEFAULT_BOOTSTRAP_SERVERS, REGISTRY_KEY, DEFAULT_SCHEMA_REGISTRY_URL), Map.of(),
                environment(env, BOOTSTRAP_KEY, REGISTRY_KEY), Map.of(), flags(BOOTSTRAP_KEY, REGISTRY_KEY));
    }

    private static void putIfPresent(Map<String, String> layer, String key, String value) {
        if (value != null && !value.isBlank()) {
            layer.put(key, value);
        }
    }
}
