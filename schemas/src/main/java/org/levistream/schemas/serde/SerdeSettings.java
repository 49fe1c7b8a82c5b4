package org.levistream.schemas.serde;

import java.util.Map;

import org.levistream.common.config.ConfigReader;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.KafkaSettingValues;
import org.levistream.schemas.registry.RegistryClientConfig;
import org.levistream.schemas.registry.SchemaRegistryClient;

/** What Kafka's {@code configure} hands a serde: the registry's settings and the serde's, checked together. */
record SerdeSettings(RegistryClientConfig registry, AvroSerdeConfig serde) {

    /** @throws InvalidConfigException listing the registry's and the serde's problems in one message */
    static SerdeSettings from(Map<String, ?> configs) {
        var reader = new ConfigReader(KafkaSettingValues.plain(configs));
        AvroSerdeConfig serde = AvroSerdeConfig.read(reader);
        RegistryClientConfig registry = null;
        try {
            registry = RegistryClientConfig.from(configs);
        } catch (InvalidConfigException e) {
            reader.addAll(e.problems());
        }
        reader.throwIfInvalid();
        return new SerdeSettings(registry, serde);
    }

    SchemaRegistryClient newClient() {
        return new HttpSchemaRegistryClient(registry);
    }
}
