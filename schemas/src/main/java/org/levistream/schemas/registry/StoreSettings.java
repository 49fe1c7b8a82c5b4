package org.levistream.schemas.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A key store or trust store file for TLS to the registry.
 *
 * @param location the store file
 * @param password the store password; {@code null} when the store has none (a trust store may omit it)
 * @param type     the {@link java.security.KeyStore} type, e.g. {@code JKS} or {@code PKCS12}
 */
public record StoreSettings(Path location, String password, String type) {
    public StoreSettings {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(type, "type");
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "StoreSettings[location=" + location + ", type=" + type
                + ", password=" + (password == null ? "none" : "(hidden)") + "]";
    }
}
