package org.levistream.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcedSettingsTest {

    @Test
    void laterLayersWinAndEachKeyRemembersItsSource() {
        SourcedSettings s = SourcedSettings.merge(List.of(
                SourcedSettings.Layer.of(Map.of("a.size", "1", "a.name", "x"), "in a.yaml"),
                SourcedSettings.Layer.of(Map.of("a.size", "2"), "from the environment"),
                SourcedSettings.Layer.of(Map.of("a.mode", "m"), "from --set")));

        assertThat(s).containsExactly(Map.entry("a.mode", "m"), Map.entry("a.name", "x"), Map.entry("a.size", "2"));
        assertThat(s.source("a.size")).isEqualTo("from the environment");
        assertThat(s.source("a.other")).isNull();
    }

    @Test
    void addsTheSourceToEachProblemAboutAGivenKey() {
        SourcedSettings s = SourcedSettings.merge(List.of(
                SourcedSettings.Layer.of(Map.of("a.size", "abc"), "from the environment, LEVI_A_SIZE"),
                SourcedSettings.Layer.of(Map.of("a.sise", "1"), "from --set")));

        InvalidConfigException annotated = s.annotate(new InvalidConfigException(List.of(
                "a.size was 'abc' but must be an integer", "a.sise is not a known setting; did you mean a.size?",
                "a.mode was unset but must be set")));

        assertThat(annotated.problems()).containsExactly(
                "a.size was 'abc' but must be an integer (from the environment, LEVI_A_SIZE)",
                "a.sise is not a known setting; did you mean a.size? (from --set)",
                "a.mode was unset but must be set");
    }
}
