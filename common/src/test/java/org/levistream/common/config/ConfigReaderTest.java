package org.levistream.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConfigReaderTest {
    enum Colour { RED, GREEN }

    @Test
    void readsTypedAndTextValuesAlike() {
        var reader = new ConfigReader(Map.of("a", 3, "b", " 7 ", "c", true, "d", "FALSE", "e", List.of("x", " y"),
                "f", "u, v,,w", "g", "green", "h", "s3cret", "i", String.class));

        assertThat(reader.integer("a", 0, 0)).isEqualTo(3);
        assertThat(reader.longValue("b", 0, 0)).isEqualTo(7);
        assertThat(reader.bool("c", false)).isTrue();
        assertThat(reader.bool("d", true)).isFalse();
        assertThat(reader.list("e")).containsExactly("x", "y");
        assertThat(reader.list("f")).containsExactly("u", "v", "w");
        assertThat(reader.enumValue("g", Colour.class, Colour.RED)).isEqualTo(Colour.GREEN);
        assertThat(reader.secret("h")).contains("s3cret");
        assertThat(reader.string("i", "")).isEqualTo("java.lang.String");
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void usesDefaultsForAbsentOrBlankValues() {
        var reader = new ConfigReader(Map.of("blank", "  "));

        assertThat(reader.integer("blank", 5, 0)).isEqualTo(5);
        assertThat(reader.string("missing", "d")).isEqualTo("d");
        assertThat(reader.has("blank")).isFalse();
        assertThat(reader.list("missing")).isEmpty();
    }

    @Test
    void collectsEveryProblemWithKeyValueAndRule() {
        var reader = new ConfigReader(Map.of("n", "-1", "m", "ten", "b", "yes", "c", "BLUE"));
        reader.integer("n", 1, 0);
        reader.longValue("m", 1, 0);
        reader.bool("b", false);
        reader.enumValue("c", Colour.class, Colour.RED);

        assertThatThrownBy(reader::throwIfInvalid)
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("n was '-1' but must be at least 0")
                .hasMessageContaining("m was 'ten' but must be a whole number")
                .hasMessageContaining("b was 'yes' but must be true or false")
                .hasMessageContaining("c was 'BLUE' but must be one of RED, GREEN")
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(4));
    }
}
