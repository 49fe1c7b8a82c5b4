package org.levistream.schemas.registry;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.levistream.common.config.ConfigReader;
import org.levistream.common.config.InvalidConfigException;

/**
 * Settings of the schema registry client, read from Confluent's config keys so that the same map configures our
 * client, Confluent's Java serde and Confluent's Python client.
 *
 * <p>Confluent's keys: {@code schema.registry.url} (comma-separated: the client fails over between them),
 * {@code basic.auth.credentials.source} ({@code URL}, the default, or {@code USER_INFO}),
 * {@code basic.auth.user.info}, {@code schema.registry.ssl.truststore.*} and {@code schema.registry.ssl.keystore.*}.
 * Retry and cache settings use Confluent's names under the {@code schema.registry.} prefix.
 *
 * @param urls              registry base URLs, tried in order; on a connection error or 5xx the next one is tried
 * @param credentialsSource where basic-auth credentials come from
 * @param userInfo          {@code user:password} when {@code credentialsSource} is {@link CredentialsSource#USER_INFO},
 *                          else {@code null}
 * @param maxRetries        how many more rounds over all URLs after the first fails (0: no retry)
 * @param retryBackoff      wait before the first retry; doubles each retry
 * @param maxRetryBackoff   the longest wait between retries
 * @param cacheCapacity     entries kept in each of the client's caches (id to schema, subject+schema to id/version)
 * @param connectTimeout    TCP/TLS connect timeout per attempt
 * @param requestTimeout    whole-response timeout per attempt
 * @param trustStore        trust store for https URLs; {@code null} to use the JDK's default trust
 * @param keyStore          key store for mutual TLS; {@code null} for none
 */
public record RegistryClientConfig(List<URI> urls, CredentialsSource credentialsSource, String userInfo,
                                   int maxRetries, Duration retryBackoff, Duration maxRetryBackoff,
                                   int cacheCapacity, Duration connectTimeout, Duration requestTimeout,
                                   StoreSettings trustStore, StoreSettings keyStore) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Confluent's deprecated spelling of {@link #BASIC_AUTH_USER_INFO}; read when the new key is absent. */
    public static final String LEGACY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRIES_WAIT_MS = "schema.registry.retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "schema.registry.retries.max.wait.ms";
    public static final String CACHE_CAPACITY = "schema.registry.cache.capacity";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "schema.registry.http.read.timeout.ms";
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";

    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final long DEFAULT_RETRIES_WAIT_MS = 1_000;
    public static final long DEFAULT_RETRIES_MAX_WAIT_MS = 20_000;
    public static final int DEFAULT_CACHE_CAPACITY = 1_000;
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_READ_TIMEOUT_MS = 30_000;
    /** Kafka's default store type; the JDK's JKS loader reads PKCS12 files too. */
    public static final String DEFAULT_STORE_TYPE = "JKS";

    public RegistryClientConfig {
        List<String> problems = check(urls, credentialsSource, userInfo, maxRetries, retryBackoff, maxRetryBackoff,
                cacheCapacity, connectTimeout, requestTimeout, trustStore, keyStore);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        urls = List.copyOf(urls);
    }

    /** Defaults for everything but the URLs; {@code urls} is comma-separated as in {@code schema.registry.url}. */
    public static RegistryClientConfig forUrls(String urls) {
        return from(Map.of(URL, urls));
    }

    /**
     * Reads the client settings out of a Kafka-style config map; other keys are ignored.
     *
     * @throws InvalidConfigException naming every bad or missing setting
     */
    public static RegistryClientConfig from(Map<String, ?> settings) {
        var reader = new ConfigReader(KafkaSettingValues.plain(settings));
        List<URI> urls = urls(reader);
        var source = reader.enumValue(BASIC_AUTH_CREDENTIALS_SOURCE, CredentialsSource.class, CredentialsSource.URL);
        String userInfo = source == CredentialsSource.USER_INFO
                ? reader.secret(BASIC_AUTH_USER_INFO).or(() -> reader.secret(LEGACY_BASIC_AUTH_USER_INFO)).orElse(null)
                : null;
        int maxRetries = reader.integer(MAX_RETRIES, DEFAULT_MAX_RETRIES, 0);
        long waitMs = reader.longValue(RETRIES_WAIT_MS, DEFAULT_RETRIES_WAIT_MS, 0);
        long maxWaitMs = reader.longValue(RETRIES_MAX_WAIT_MS, Math.max(waitMs, DEFAULT_RETRIES_MAX_WAIT_MS), 0);
        int capacity = reader.integer(CACHE_CAPACITY, DEFAULT_CACHE_CAPACITY, 1);
        long connectMs = reader.longValue(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, 1);
        long readMs = reader.longValue(READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS, 1);
        StoreSettings trust = store(reader, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE);
        StoreSettings keys = store(reader, SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_TYPE);

        // Report parse problems and rule problems together; values that failed to parse hold their defaults here.
        reader.addAll(check(urls, source, userInfo, maxRetries, Duration.ofMillis(waitMs), Duration.ofMillis(maxWaitMs),
                capacity, Duration.ofMillis(connectMs), Duration.ofMillis(readMs), trust, keys));
        reader.throwIfInvalid();
        return new RegistryClientConfig(urls, source, userInfo, maxRetries, Duration.ofMillis(waitMs),
                Duration.ofMillis(maxWaitMs), capacity, Duration.ofMillis(connectMs), Duration.ofMillis(readMs),
                trust, keys);
    }

    /** The URLs without their user info, for messages and logs. */
    public List<String> redactedUrls() {
        return urls.stream().map(RegistryClientConfig::redact).toList();
    }

    /** Never shows credentials: user info is hidden, in {@code userInfo} and in the URLs. */
    @Override
    public String toString() {
        return "RegistryClientConfig[urls=" + redactedUrls() + ", credentialsSource=" + credentialsSource
                + ", userInfo=" + (userInfo == null ? "none" : ConfigReader.HIDDEN) + ", maxRetries=" + maxRetries
                + ", retryBackoff=" + retryBackoff + ", maxRetryBackoff=" + maxRetryBackoff
                + ", cacheCapacity=" + cacheCapacity + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", trustStore=" + trustStore + ", keyStore=" + keyStore + "]";
    }

    /** {@code uri} as text with any {@code user:password@} removed. */
    public static String redact(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "");
    }

    private static List<URI> urls(ConfigReader reader) {
        List<URI> urls = new ArrayList<>();
        for (String text : reader.list(URL)) {
            try {
                urls.add(new URI(text));
            } catch (java.net.URISyntaxException e) {
                // Never echo a URL that may carry a password: show only where the syntax broke.
                reader.problem(URL, "(an entry)", "must be a list of URLs; " + e.getReason() + " at index " + e.getIndex());
            }
        }
        return urls;
    }

    private static StoreSettings store(ConfigReader reader, String locationKey, String passwordKey, String typeKey) {
        Optional<String> location = reader.string(locationKey);
        if (location.isEmpty()) {
            return null;
        }
        try {
            return new StoreSettings(Path.of(location.get()), reader.secret(passwordKey).orElse(null),
                    reader.string(typeKey, DEFAULT_STORE_TYPE));
        } catch (InvalidPathException e) {
            reader.problem(locationKey, location.get(), "must be a file path (" + e.getReason() + ")");
            return null;
        }
    }

    private static List<String> check(List<URI> urls, CredentialsSource source, String userInfo, int maxRetries,
                                      Duration backoff, Duration maxBackoff, int cacheCapacity, Duration connect,
                                      Duration request, StoreSettings trust, StoreSettings keys) {
        var problems = new ArrayList<String>();
        Objects.requireNonNull(urls, "urls");
        if (urls.isEmpty()) {
            problems.add(URL + " is missing but must list at least one http:// or https:// URL");
        }
        for (URI url : urls) {
            boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
            if (!http || url.getHost() == null) {
                problems.add(URL + " has '" + redact(url) + "' but each entry must be an http:// or https:// URL with a host");
            }
        }
        if (source == null) {
            problems.add(BASIC_AUTH_CREDENTIALS_SOURCE + " is missing but must be URL or USER_INFO");
        } else if (source == CredentialsSource.USER_INFO && (userInfo == null || !userInfo.contains(":"))) {
            problems.add(BASIC_AUTH_USER_INFO + " was " + (userInfo == null ? "missing" : ConfigReader.HIDDEN)
                    + " but must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO");
        }
        if (maxRetries < 0) {
            problems.add(MAX_RETRIES + " was " + maxRetries + " but must be at least 0");
        }
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            problems.add(RETRIES_MAX_WAIT_MS + " was " + maxBackoff.toMillis() + " but must be at least "
                    + RETRIES_WAIT_MS + " (" + backoff.toMillis() + "), and both at least 0");
        }
        if (cacheCapacity < 1) {
            problems.add(CACHE_CAPACITY + " was " + cacheCapacity + " but must be at least 1");
        }
        if (connect.isNegative() || connect.isZero() || request.isNegative() || request.isZero()) {
            problems.add(CONNECT_TIMEOUT_MS + " and " + READ_TIMEOUT_MS + " were " + connect.toMillis() + " and "
                    + request.toMillis() + " but must be positive");
        }
        checkStore(problems, trust, SSL_TRUSTSTORE_LOCATION);
        checkStore(problems, keys, SSL_KEYSTORE_LOCATION);
        return problems;
    }

    private static void checkStore(List<String> problems, StoreSettings store, String locationKey) {
        if (store != null && !Files.isReadable(store.location())) {
            problems.add(locationKey + " was '" + store.location() + "' but must be a readable file");
        }
    }
}
