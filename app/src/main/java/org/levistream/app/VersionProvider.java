package org.levistream.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code levi --version}: this build's version and the versions of the libraries whose behaviour it pins
 * (read from {@code version.properties}, which Maven fills in at build time), plus the Java runtime.
 */
final class VersionProvider implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        Properties v = load();
        return new String[] {
            "levi " + v.getProperty("levi.version"),
            "Kafka " + v.getProperty("kafka.version") + ", Avro " + v.getProperty("avro.version")
                    + ", DJL " + v.getProperty("djl.version") + " (PyTorch " + v.getProperty("libtorch.version") + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }

    static Properties load() {
        var props = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; rebuild with Maven");
            }
            props.load(in);
            return props;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }
}
