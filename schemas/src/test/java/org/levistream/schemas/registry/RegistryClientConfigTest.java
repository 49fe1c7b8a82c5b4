package org.levistream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;

@Timeout(10)
class RegistryClientConfigTest {

    @Test
    void readsConfluentKeysWithDefaults() {
        var config = RegistryClientConfig.from(Map.of(RegistryClientConfig.URL, "http://a:8081, https://b:8082/"));

        assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("https://b:8082/"));
        assertThat(config.credentialsSource()).isEqualTo(CredentialsSource.URL);
        assertThat(config.maxRetries()).isEqualTo(RegistryClientConfig.DEFAULT_MAX_RETRIES);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(RegistryClientConfig.DEFAULT_RETRIES_WAIT_MS));
        assertThat(config.cacheCapacity()).isEqualTo(RegistryClientConfig.DEFAULT_CACHE_CAPACITY);
        assertThat(config.trustStore()).isNull();
    }

    @Test
    void reportsEveryInvalidSettingAtOnce() {
        var raw = Map.of(RegistryClientConfig.URL, "ftp://x, http://ok:1",
                RegistryClientConfig.MAX_RETRIES, "-1",
                RegistryClientConfig.CACHE_CAPACITY, "0",
                RegistryClientConfig.RETRIES_WAIT_MS, "500",
                RegistryClientConfig.RETRIES_MAX_WAIT_MS, "100",
                RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT");

        assertThatThrownBy(() -> RegistryClientConfig.from(raw))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("schema.registry.url has 'ftp://x' but each entry must be an http:// or https://")
                .hasMessageContaining("schema.registry.max.retries was '-1' but must be at least 0")
                .hasMessageContaining("schema.registry.cache.capacity was '0' but must be at least 1")
                .hasMessageContaining("schema.registry.retries.max.wait.ms was 100 but must be at least")
                .hasMessageContaining("basic.auth.credentials.source was 'SASL_INHERIT' but must be one of USER_INFO, URL");
    }

    @Test
    void requiresAUrl() {
        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("schema.registry.url is missing");
    }

    @Test
    void userInfoSourceNeedsUserAndPasswordAndNeverShowsThem() {
        var raw = Map.of(RegistryClientConfig.URL, "http://a:1",
                RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                RegistryClientConfig.BASIC_AUTH_USER_INFO, "no-colon-secret");

        assertThatThrownBy(() -> RegistryClientConfig.from(raw))
                .hasMessageContaining("basic.auth.user.info was (hidden) but must be user:password")
                .hasMessageNotContaining("no-colon-secret");
    }

    @Test
    void readsTheDeprecatedUserInfoKey() {
        var config = RegistryClientConfig.from(Map.of(RegistryClientConfig.URL, "http://a:1",
                RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "user_info",
                RegistryClientConfig.LEGACY_BASIC_AUTH_USER_INFO, "fred:pw"));

        assertThat(config.userInfo()).isEqualTo("fred:pw");
    }

    @Test
    void toStringHidesPasswordsInUserInfoAndUrls() {
        var config = RegistryClientConfig.from(Map.of(RegistryClientConfig.URL, "http://fred:urlpw@a:1",
                RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL"));

        assertThat(config.toString()).contains("http://a:1").doesNotContain("urlpw").doesNotContain("fred");
        assertThat(config.redactedUrls()).containsExactly("http://a:1");
    }

    @Test
    void checksThatStoresExist(@TempDir Path dir) throws Exception {
        Path trust = Files.createFile(dir.resolve("trust.p12"));
        var ok = RegistryClientConfig.from(Map.of(RegistryClientConfig.URL, "https://a:1",
                RegistryClientConfig.SSL_TRUSTSTORE_LOCATION, trust.toString(),
                RegistryClientConfig.SSL_TRUSTSTORE_PASSWORD, "changeit",
                RegistryClientConfig.SSL_TRUSTSTORE_TYPE, "PKCS12"));
        assertThat(ok.trustStore()).isEqualTo(new StoreSettings(trust, "changeit", "PKCS12"));
        assertThat(ok.trustStore().toString()).doesNotContain("changeit");

        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of(RegistryClientConfig.URL, "https://a:1",
                RegistryClientConfig.SSL_KEYSTORE_LOCATION, dir.resolve("missing.jks").toString())))
                .hasMessageContaining("schema.registry.ssl.keystore.location was '" + dir.resolve("missing.jks")
                        + "' but must be a readable file");
    }

    @Test
    void compactConstructorValidatesToo() {
        assertThatThrownBy(() -> new RegistryClientConfig(java.util.List.of(URI.create("http://a:1")),
                CredentialsSource.URL, null, -2, Duration.ZERO, Duration.ZERO, 10, Duration.ofSeconds(1),
                Duration.ofSeconds(1), null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("schema.registry.max.retries was -2 but must be at least 0");
    }
}
