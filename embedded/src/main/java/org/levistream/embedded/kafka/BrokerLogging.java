package org.levistream.embedded.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Turns the in-process broker's logging down to WARN unless the user chose a level.
 *
 * <p>Kafka 4.x logs through SLF4J only (its log4j2 controller is idle without log4j-core on the class path), so
 * the broker's lines go to whatever backend the application binds; in this project that is slf4j-simple.
 * slf4j-simple reads a logger's level from system properties, then {@code simplelogger.properties}, at the moment
 * the logger is created, and Kafka creates its loggers when the broker classes load. Setting a default for the
 * broker's logger prefixes before the first broker class loads is therefore enough, and a level the user gave
 * either way still wins. INFO logging alone doubled the broker's start time when measured.
 */
final class BrokerLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.log.";
    private static final String DEFAULT_LEVEL = "warn";

    // The broker's packages. org.apache.kafka.common is shared with the clients, whose INFO lines from it are config
    // dumps and version banners; org.apache.kafka.clients and .streams keep the user's level.
    static final List<String> BROKER_LOGGERS = List.of(
            "kafka", "state.change.logger",
            "org.apache.kafka.common", "org.apache.kafka.controller", "org.apache.kafka.coordinator",
            "org.apache.kafka.image", "org.apache.kafka.metadata", "org.apache.kafka.network",
            "org.apache.kafka.queue", "org.apache.kafka.raft", "org.apache.kafka.security",
            "org.apache.kafka.server", "org.apache.kafka.snapshot", "org.apache.kafka.storage");

    private BrokerLogging() {
    }

    /**
     * Sets WARN as the level of each broker logger for which neither a system property nor the properties file
     * names a level, for the logger itself or a parent (so {@code -Dorg.slf4j.simpleLogger.log.org.apache.kafka=info}
     * brings the broker's INFO lines back).
     */
    static synchronized void quietByDefault() {
        Properties file = simpleLoggerFile();
        for (String logger : BROKER_LOGGERS) {
            if (!levelChosen(logger, file)) {
                System.setProperty(PREFIX + logger, DEFAULT_LEVEL);
            }
        }
    }

    private static boolean levelChosen(String logger, Properties file) {
        for (String name = logger; !name.isEmpty(); name = parent(name)) {
            if (System.getProperty(PREFIX + name) != null || file.getProperty(PREFIX + name) != null) {
                return true;
            }
        }
        return false;
    }

    private static String parent(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    private static Properties simpleLoggerFile() {
        var props = new Properties();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read simplelogger.properties", e);
        }
        return props;
    }
}
