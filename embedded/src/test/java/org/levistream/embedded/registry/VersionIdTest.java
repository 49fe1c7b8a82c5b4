package org.levistream.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class VersionIdTest {

    @ParameterizedTest
    @CsvSource({"latest, -1", "LATEST, -1", "-1, -1", "1, 1", "2147483647, 2147483647"})
    void acceptsPositiveNumbersAndLatest(String text, int value) {
        assertThat(VersionId.parse(text).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "2147483648", "one", ""})
    void refusesAnythingElseWithError42202(String text) {
        assertThatThrownBy(() -> VersionId.parse(text))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42202))
                .hasMessage("The specified version '" + text + "' is not a valid version id. Allowed values are"
                        + " between [1, 2^31-1] and the string \"latest\"");
    }
}
