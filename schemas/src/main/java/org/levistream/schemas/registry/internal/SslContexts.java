package org.levistream.schemas.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.levistream.schemas.registry.StoreSettings;

/** Builds the client's {@link SSLContext} from the configured trust and key stores. */
public final class SslContexts {
    private SslContexts() {
    }

    /**
     * A TLS context trusting {@code trustStore} (or the JDK's defaults when {@code null}) and presenting
     * {@code keyStore}'s key (none when {@code null}).
     *
     * @throws IllegalArgumentException naming the store that could not be read, and why
     */
    public static SSLContext create(StoreSettings trustStore, StoreSettings keyStore) {
        try {
            TrustManager[] trust = null;
            if (trustStore != null) {
                var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(load(trustStore));
                trust = factory.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (keyStore != null) {
                var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(load(keyStore), password(keyStore));
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(StoreSettings store) throws GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance(store.type());
        try (InputStream in = Files.newInputStream(store.location())) {
            keyStore.load(in, password(store));
            return keyStore;
        } catch (IOException e) {
            // A wrong password shows up as an IOException from load().
            throw new IllegalArgumentException("Cannot read " + store + ": " + e.getMessage(), e);
        }
    }

    private static char[] password(StoreSettings store) {
        return store.password() == null ? null : store.password().toCharArray();
    }
}
