package org.levistream.schemas.serde;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;

import org.levistream.common.config.ConfigReader;

/** Turns a configured strategy name into a strategy; Confluent's class names map to ours. */
final class SubjectNameStrategies {
    private static final String CONFLUENT = "io.confluent.kafka.serializers.subject.";
    private static final Map<String, Class<? extends SubjectNameStrategy>> KNOWN = Map.of(
            CONFLUENT + "TopicNameStrategy", TopicNameStrategy.class,
            CONFLUENT + "RecordNameStrategy", RecordNameStrategy.class,
            CONFLUENT + "TopicRecordNameStrategy", TopicRecordNameStrategy.class,
            "TopicNameStrategy", TopicNameStrategy.class,
            "RecordNameStrategy", RecordNameStrategy.class,
            "TopicRecordNameStrategy", TopicRecordNameStrategy.class);

    private SubjectNameStrategies() {
    }

    /** The strategy named at {@code key}, {@link TopicNameStrategy} when unset; problems go to {@code reader}. */
    static SubjectNameStrategy resolve(ConfigReader reader, String key) {
        Optional<String> name = reader.string(key);
        if (name.isEmpty()) {
            return new TopicNameStrategy();
        }
        Class<? extends SubjectNameStrategy> known = KNOWN.get(name.get());
        try {
            Class<?> type = known != null ? known : Class.forName(name.get(), true, loader());
            if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
                throw new ClassCastException(type.getName());
            }
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | ClassCastException | NoSuchMethodException | InstantiationException
                 | IllegalAccessException | InvocationTargetException e) {
            reader.problem(key, name.get(), "must be TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy"
                    + " (ours or " + CONFLUENT + "*), or a class implementing " + SubjectNameStrategy.class.getName()
                    + " with a public no-arg constructor");
            return new TopicNameStrategy();
        }
    }

    static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SubjectNameStrategies.class.getClassLoader();
    }
}
