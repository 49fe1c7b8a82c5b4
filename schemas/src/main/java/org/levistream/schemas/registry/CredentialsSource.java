package org.levistream.schemas.registry;

/**
 * Where the registry client takes its HTTP basic-auth credentials from; Confluent's
 * {@code basic.auth.credentials.source}.
 */
public enum CredentialsSource {
    /** From {@code basic.auth.user.info} ({@code user:password}), sent to every registry URL. */
    USER_INFO,
    /** From the user info of each registry URL ({@code https://user:password@host:8081}); Confluent's default. */
    URL
}
