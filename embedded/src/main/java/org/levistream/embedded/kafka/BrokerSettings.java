package org.levistream.embedded.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.levistream.common.config.InvalidConfigException;

/**
 * Where an {@link EmbeddedKafka} listens and where it keeps its log.
 *
 * @param host           the loopback or interface address both listeners bind to and advertise
 * @param port           the client (PLAINTEXT) listener's port; {@code 0} picks a free one at start
 * @param controllerPort the KRaft controller listener's port; {@code 0} picks a free one at start
 * @param logDir         the broker's data and metadata log; {@code null} means a temporary directory that is
 *                       deleted on close, a given directory is kept and reused by the next start
 * @param overrides      broker configs applied last, e.g. {@code num.partitions=3}; the keys that wire the
 *                       single node together (listeners, roles, quorum, log dirs) are set from the fields above
 *                       and cannot be overridden
 */
public record BrokerSettings(String host, int port, int controllerPort, Path logDir, Map<String, String> overrides) {

    /** The address a one-machine broker binds to unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The port Kafka users expect a local broker on. */
    public static final int DEFAULT_PORT = 9092;

    // Derived from host, ports and logDir; an override would break the single-node wiring EmbeddedKafka relies on.
    static final Set<String> OWNED_KEYS = Set.of(
            "process.roles", "node.id", "broker.id", "listeners", "advertised.listeners",
            "listener.security.protocol.map", "controller.listener.names", "inter.broker.listener.name",
            "controller.quorum.voters", "controller.quorum.bootstrap.servers", "log.dirs", "log.dir",
            "metadata.log.dir");

    public BrokerSettings {
        if (host == null || host.isBlank()) {
            throw new InvalidConfigException("host", host, "must be a host name or IP address");
        }
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new InvalidConfigException("controllerPort", controllerPort, "must differ from port " + port);
        }
        overrides = copyChecked(overrides);
    }

    /** The one-machine default: {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}, a free controller port, a temporary log. */
    public static BrokerSettings defaults() {
        return new BrokerSettings(DEFAULT_HOST, DEFAULT_PORT, 0, null, Map.of());
    }

    /** For tests: free ports on {@value #DEFAULT_HOST} and a temporary log, so that runs never collide. */
    public static BrokerSettings forTests() {
        return new BrokerSettings(DEFAULT_HOST, 0, 0, null, Map.of());
    }

    /** A copy listening on {@code host}. */
    public BrokerSettings withHost(String host) {
        return new BrokerSettings(host, port, controllerPort, logDir, overrides);
    }

    /** A copy whose client listener uses {@code port} ({@code 0}: a free port). */
    public BrokerSettings withPort(int port) {
        return new BrokerSettings(host, port, controllerPort, logDir, overrides);
    }

    /** A copy whose controller listener uses {@code controllerPort} ({@code 0}: a free port). */
    public BrokerSettings withControllerPort(int controllerPort) {
        return new BrokerSettings(host, port, controllerPort, logDir, overrides);
    }

    /** A copy keeping its log in {@code logDir} ({@code null}: a temporary directory deleted on close). */
    public BrokerSettings withLogDir(Path logDir) {
        return new BrokerSettings(host, port, controllerPort, logDir, overrides);
    }

    /** A copy with one more broker config applied last. */
    public BrokerSettings withOverride(String key, String value) {
        var merged = new HashMap<>(overrides);
        merged.put(key, value);
        return new BrokerSettings(host, port, controllerPort, logDir, merged);
    }

    /** Whether the log directory is temporary and goes away on close. */
    public boolean temporaryLogDir() {
        return logDir == null;
    }

    private static void requirePort(String key, int value) {
        if (value < 0 || value > 65_535) {
            throw new InvalidConfigException(key, value, "must be 0 (a free port) or in 1..65535");
        }
    }

    private static Map<String, String> copyChecked(Map<String, String> overrides) {
        if (overrides == null) {
            return Map.of();
        }
        for (var e : overrides.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank() || e.getValue() == null) {
                throw new InvalidConfigException("overrides." + key, e.getValue(), "keys and values must be non-null");
            }
            if (OWNED_KEYS.contains(key)) {
                throw new InvalidConfigException("overrides." + key, e.getValue(),
                        "is set by EmbeddedKafka from host, port, controllerPort and logDir; set those instead");
            }
        }
        return Map.copyOf(overrides);
    }
}
