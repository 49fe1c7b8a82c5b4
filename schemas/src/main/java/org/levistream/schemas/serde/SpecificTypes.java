package org.levistream.schemas.serde;

import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.levistream.common.config.ConfigReader;

/** Finds generated classes: named in config, or named by a writer schema. */
final class SpecificTypes {
    private SpecificTypes() {
    }

    /** The generated class named at {@code key}, or {@code null} when unset; problems go to {@code reader}. */
    static Class<? extends SpecificRecord> resolve(ConfigReader reader, String key) {
        Optional<String> name = reader.string(key);
        if (name.isEmpty()) {
            return null;
        }
        try {
            return load(name.get()).orElseThrow(ClassNotFoundException::new);
        } catch (ClassNotFoundException e) {
            reader.problem(key, name.get(), "must name a generated Avro class (a SpecificRecord) on the classpath");
            return null;
        }
    }

    /** The generated class for a record schema's full name, if there is one on the classpath. */
    static Optional<Class<? extends SpecificRecord>> forSchema(Schema writer) {
        if (writer.getType() != Schema.Type.RECORD) {
            return Optional.empty();
        }
        try {
            return load(writer.getFullName());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The schema a generated class reads with: its {@code SCHEMA$}. */
    static Schema schemaOf(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }

    private static Optional<Class<? extends SpecificRecord>> load(String name) throws ClassNotFoundException {
        Class<?> type = Class.forName(name, false, SubjectNameStrategies.loader());
        return SpecificRecord.class.isAssignableFrom(type)
                ? Optional.of(type.asSubclass(SpecificRecord.class)) : Optional.empty();
    }
}
