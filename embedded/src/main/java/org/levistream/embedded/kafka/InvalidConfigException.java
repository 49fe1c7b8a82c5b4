package org.levistream.embedded.kafka;

/**
 * A setting of the embedded services was rejected before anything started. The message names the key, the
 * value that was given and the rule it broke, so that a command line can print it as the one line a user needs.
 */
public class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key   the setting's name as the user would write it, e.g. {@code port}
     * @param value the rejected value, printed as given
     * @param rule  what is allowed, e.g. {@code must be 0 (a free port) or in 1..65535}; the message reads
     *              {@code port was 70000: must be 0 (a free port) or in 1..65535}
     */
    public InvalidConfigException(String key, Object value, String rule) {
        super(key + " was " + value + ": " + rule);
        this.key = key;
    }

    /** The name of the rejected setting. */
    public String key() {
        return key;
    }
}
