package org.levistream.embedded.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The broker configuration of a single-node KRaft cluster: one process that is both broker and controller,
 * with the lean settings that keep it small and quick to start on a laptop or a 2-core CI runner.
 */
final class BrokerConfig {
    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerConfig() {
    }

    /** The broker's properties for the given resolved ports and log directory; overrides are applied last. */
    static Properties of(BrokerSettings settings, Path logDir, int port, int controllerPort) {
        String host = settings.host();
        var p = new LinkedHashMap<String, String>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // A static voter set (kraft.version 0): nothing to reconfigure, and the controller may move to another
        // port on restart because the voters are read from this config, not from the formatted log.
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.put("listeners", CLIENT_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("log.dirs", logDir.toString());
        putSingleNodeTopics(p);
        putLeanResources(p);
        p.putAll(settings.overrides());
        var props = new Properties();
        props.putAll(p);
        return props;
    }

    // One node can hold one replica: the internal topics' defaults (3 replicas, min ISR 2) would never come up.
    private static void putSingleNodeTopics(Map<String, String> p) {
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        // Nobody else is going to join: the first member of a group gets its assignment at once.
        p.put("group.initial.rebalance.delay.ms", "0");
    }

    private static void putLeanResources(Map<String, String> p) {
        // The cleaner's dedupe buffer is allocated up front (128 MB by default); 4 MB cut idle heap ~170 -> ~45 MB.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("group.coordinator.threads", "1");
        p.put("share.coordinator.threads", "1");
    }
}
