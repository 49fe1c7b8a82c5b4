package org.levistream.schemas.deadletter;

import java.util.List;
import org.levistream.common.config.SettingDefs;
import org.levistream.common.config.SettingType;
import org.levistream.common.config.Validator;

/**
 * The dead-letter topic setting, one for every service (DESIGN §3): one key, one default, and the keys services used
 * before still read, each with one WARN naming {@value #KEY}. Include {@link #DEFINITIONS} in a service's
 * {@link SettingDefs}.
 */
public final class DeadLetterTopic {
    /** The key. */
    public static final String KEY = "dead.letter.topic";
    /** The default topic. */
    public static final String DEFAULT = "levi.deadletter";
    /** The keys the trainer and ingest used before, read as {@value #KEY}. */
    public static final List<String> DEPRECATED_KEYS = List.of("trainer.deadletter.topic", "ingest.dead.letter.topic");

    /** The declaration, with the deprecated keys as aliases. */
    public static final SettingDefs DEFINITIONS = declare();

    private DeadLetterTopic() {}

    private static SettingDefs declare() {
        SettingDefs defs = new SettingDefs().define(KEY, SettingType.STRING, DEFAULT, Validator.topicName(false),
                "Where records that cannot be decoded or validated go, with headers saying why and where from.");
        DEPRECATED_KEYS.forEach(old -> defs.deprecatedAlias(old, KEY));
        return defs;
    }
}
