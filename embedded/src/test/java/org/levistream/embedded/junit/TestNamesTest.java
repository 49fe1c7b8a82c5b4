package org.levistream.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TestNamesTest {

    @Test
    @DisplayName("a display name with spaces & symbols")
    void namesFromClassAndMethodWithATopicSafeSuffix(TestInfo info) {
        String name = TestNames.unique(info);
        assertThat(name).matches("TestNamesTest\\.namesFromClassAndMethodWithATopicSafeSuffix-[0-9a-f]{6}");
    }

    @Test
    void givesEachCallAFreshName(TestInfo info) {
        assertThat(TestNames.unique(info)).isNotEqualTo(TestNames.unique(info));
    }

    @Test
    void appendsASanitizedRole(TestInfo info) {
        assertThat(TestNames.unique(info, "out/put")).endsWith("-out-put").matches("[a-zA-Z0-9.-]+");
    }
}
