package org.levistream.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import org.levistream.common.config.InvalidConfigException;

/** Resolves the ports a broker or server binds to: a requested one is checked, {@code 0} becomes a free one. */
public final class Ports {
    private Ports() {
    }

    /**
     * The port to bind on {@code host}: {@code requested} if it is free, a free one if {@code requested} is 0.
     * A free port is found by binding port 0 and closing it again, so another process may take it before the
     * caller binds it; on a loopback address that race is rare enough for tests and the one-machine default.
     *
     * @param key the setting's name, used in the error for a port that is already in use
     * @throws InvalidConfigException if {@code host} does not resolve or {@code requested} is in use
     */
    public static int resolve(String host, int requested, String key) {
        InetAddress address = address(host);
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, requested));
            return socket.getLocalPort();
        } catch (IOException e) {
            if (requested == 0) {
                throw new UncheckedIOException("Could not find a free port on " + host, e);
            }
            throw new InvalidConfigException(key, requested, "must be a free port, but " + host + ":" + requested
                    + " is in use (" + e.getMessage() + "); pick another or 0 for a free one");
        }
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidConfigException("host", host, "must be a resolvable host name or IP address");
        }
    }
}
