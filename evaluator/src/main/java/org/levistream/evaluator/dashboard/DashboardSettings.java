package org.levistream.evaluator.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.levistream.common.config.InvalidConfigException;

/**
 * Where the dashboard listens and what it reads.
 *
 * @param host         the address to bind, {@code 127.0.0.1} by default so that nothing outside the machine sees it
 * @param port         the port; 0 for a free one
 * @param metricsTopic the topic of {@code MetricRecord}s
 * @param alertsTopic  the topic of {@code OodAlert}s
 */
public record DashboardSettings(String host, int port, String metricsTopic, String alertsTopic) {
    /** The address the dashboard binds. */
    public static final String HOST = "evaluator.dashboard.host";
    /** The dashboard's port; 0 for a free one. */
    public static final String PORT = "evaluator.dashboard.port";
    /** The topic the evaluator writes metrics to. */
    public static final String METRICS_TOPIC = "evaluator.metrics.topic";
    /** The topic the evaluator writes alerts to. */
    public static final String ALERTS_TOPIC = "evaluator.alerts.topic";

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Checks every value and reports every problem at once. */
    public DashboardSettings {
        List<String> problems = new ArrayList<>();
        if (host == null || host.isBlank()) {
            problems.add(InvalidConfigException.problem(HOST, host, "must name an address, e.g. 127.0.0.1"));
        }
        if (port < 0 || port > 65_535) {
            problems.add(InvalidConfigException.problem(PORT, port, "must be 0 (a free port) or in 1..65535"));
        }
        checkTopic(METRICS_TOPIC, metricsTopic, problems);
        checkTopic(ALERTS_TOPIC, alertsTopic, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /**
     * The defaults on a given port: loopback only, reading {@code levi.metrics} and {@code levi.alerts}.
     *
     * @param port the port; 0 for a free one
     * @return the settings
     */
    public static DashboardSettings onPort(int port) {
        return new DashboardSettings("127.0.0.1", port, "levi.metrics", "levi.alerts");
    }

    /**
     * These settings reading other topics, e.g. a test's own.
     *
     * @param metrics the metrics topic
     * @param alerts  the alerts topic
     * @return the settings
     */
    public DashboardSettings withTopics(String metrics, String alerts) {
        return new DashboardSettings(host, port, metrics, alerts);
    }

    private static void checkTopic(String key, String topic, List<String> problems) {
        if (topic == null || !TOPIC_NAME.matcher(topic).matches()) {
            problems.add(InvalidConfigException.problem(key, topic,
                    "must be a Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ -"));
        }
    }
}
