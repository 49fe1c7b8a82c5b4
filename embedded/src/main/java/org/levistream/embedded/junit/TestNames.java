package org.levistream.embedded.junit;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.TestInfo;

/**
 * Per-test names for topics, consumer groups and transactional ids on the shared broker, so that tests never see
 * each other's records. A name reads {@code TrainerResumeIT.resumesAfterRestart-3fa2c1} and uses only characters
 * that are legal in a topic name; the random suffix keeps repeated and parameterized runs apart.
 */
public final class TestNames {
    // Kafka caps topic names at 249 characters; room is left for the suffix.
    private static final int MAX_BASE_LENGTH = 200;

    private TestNames() {
    }

    /** A fresh name derived from the test class and method. */
    public static String unique(TestInfo info) {
        String cls = info.getTestClass().map(Class::getSimpleName).orElse("test");
        String method = info.getTestMethod().map(Method::getName).orElse(info.getDisplayName());
        String base = sanitize(cls + "." + method);
        if (base.length() > MAX_BASE_LENGTH) {
            base = base.substring(0, MAX_BASE_LENGTH);
        }
        return base + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    }

    /** A fresh name with a role appended, for a test that needs several, e.g. {@code unique(info, "out")}. */
    public static String unique(TestInfo info, String role) {
        return unique(info) + "-" + sanitize(role);
    }

    private static String sanitize(String s) {
        return s.replaceAll("[^a-zA-Z0-9.-]", "-");
    }
}
