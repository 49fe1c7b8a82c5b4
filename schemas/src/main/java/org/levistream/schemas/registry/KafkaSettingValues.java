package org.levistream.schemas.registry;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/**
 * Unwraps what Kafka hands a serde or client in its settings map, so that
 * {@link org.levistream.common.config.ConfigReader} (which knows no Kafka) reads text: a {@link Password} becomes its
 * value. Messages still never show a secret: the reader's {@code secret} values are never echoed.
 */
public final class KafkaSettingValues {
    private KafkaSettingValues() {}

    /**
     * Returns a copy with every {@link Password} replaced by its value; null keys and values are dropped.
     *
     * @param settings the settings as Kafka passed them
     * @return a copy the reader can read
     */
    public static Map<String, Object> plain(Map<String, ?> settings) {
        Map<String, Object> out = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v instanceof Password p ? p.value() : v);
            }
        });
        return out;
    }
}
