package org.levistream.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SettingDefsTest {
    private static SettingDefs defs() {
        return new SettingDefs()
                .define("svc.name", SettingType.STRING, null, Validator.matches(Pattern.compile("[a-z]+"),
                        "must be lowercase letters"), "A name.")
                .define("svc.size", SettingType.INT, "200", Validator.atLeast(1), "Examples per step.")
                .define("svc.steps", SettingType.LONG, "1000", Validator.atLeast(0), "Steps.")
                .define("svc.every", SettingType.DURATION, "5s", Validator.notNegative(), "How often.")
                .define("svc.fast", SettingType.BOOLEAN, "false", "Whether fast.")
                .define("svc.topics", SettingType.LIST, "levi.interactions",
                        Validator.nonEmptyList("must name at least one topic", Validator.topicName(false)), "Topics.")
                .define("svc.mode", SettingType.STRING, "auto", Validator.oneOf("auto", "cpu", "gpu"), "Device.")
                .define("dead.letter.topic", SettingType.STRING, "levi.deadletter", Validator.topicName(false), "DLQ.")
                .deprecatedAlias("svc.deadletter.topic", "dead.letter.topic")
                .owns("svc.").passThrough("svc.consumer.");
    }

    @Test
    void readsEachTypeAndFallsBackToTheDeclaredDefault() {
        SettingValues v = defs().parse(Map.of("svc.name", "abc", "svc.every", "250ms", "svc.fast", "TRUE",
                "svc.topics", "a, b,,c", "svc.size", "  "));

        assertThat(v.string("svc.name")).isEqualTo("abc");
        assertThat(v.integer("svc.size")).isEqualTo(200);
        assertThat(v.longValue("svc.steps")).isEqualTo(1000L);
        assertThat(v.duration("svc.every")).isEqualTo(Duration.ofMillis(250));
        assertThat(v.bool("svc.fast")).isTrue();
        assertThat(v.list("svc.topics")).containsExactly("a", "b", "c");
        assertThat(v.string("svc.mode")).isEqualTo("auto");
        assertThat(v.problems()).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceOneLineEachNamingKeyValueAndRule() {
        SettingValues v = defs().parse(Map.of("svc.name", "Bad Name", "svc.size", "0", "svc.steps", "many",
                "svc.every", "soon", "svc.fast", "yes", "svc.topics", "ok,bad topic", "svc.mode", "tpu",
                "svc.sise", "3", "svc.consumer.max.poll.records", "10"));

        assertThatThrownBy(v::throwIfInvalid).isInstanceOf(InvalidConfigException.class).hasMessage(String.join("\n",
                "svc.sise is not a known setting; did you mean svc.size?",
                "svc.name was 'Bad Name' but must be lowercase letters",
                "svc.size was 0 but must be at least 1",
                "svc.steps was 'many' but must be a whole number",
                "svc.every was 'soon' but must be a duration such as 500ms, 5s, 2m or PT5S",
                "svc.fast was 'yes' but must be true or false",
                "svc.topics was 'bad topic' but must be a Kafka topic name (letters, digits, '.', '_', '-')",
                "svc.mode was 'tpu' but must be one of auto, cpu, gpu"));
    }

    @Test
    void aRejectedValueIsReplacedByItsDefaultSoThatLaterChecksSeeAValidOne() {
        SettingValues v = defs().parse(Map.of("svc.size", "0", "svc.every", "-1s"));

        assertThat(v.integer("svc.size")).isEqualTo(200);
        assertThat(v.duration("svc.every")).isEqualTo(Duration.ofSeconds(5));
        assertThat(v.problems()).containsExactly("svc.size was 0 but must be at least 1",
                "svc.every was PT-1S but must not be negative");
    }

    @Test
    void aDeprecatedKeyIsReadAsItsNewNameWithOneWarningNamingTheNewKey() {
        List<String> warnings = new ArrayList<>();
        Map<String, String> layer = defs().canonical(Map.of("svc.deadletter.topic", "old.dlq"), warnings::add);

        assertThat(layer).containsExactly(Map.entry("dead.letter.topic", "old.dlq"));
        assertThat(warnings).containsExactly("svc.deadletter.topic is deprecated; use dead.letter.topic instead");
        assertThat(defs().parse(Map.of("svc.deadletter.topic", "old.dlq")).string("dead.letter.topic"))
                .isEqualTo("old.dlq");
    }

    @Test
    void theNewKeyWinsOverItsDeprecatedAliasInTheSameLayer() {
        assertThat(defs().canonical(Map.of("svc.deadletter.topic", "old", "dead.letter.topic", "new"), w -> { }))
                .containsExactly(Map.entry("dead.letter.topic", "new"));
    }

    @Test
    void defaultsAreTheDeclaredOnesAndTheEnvironmentReadsOnlyDeclaredOrPassedThroughKeys() {
        SettingDefs defs = defs();

        assertThat(defs.defaults()).containsEntry("svc.size", "200")
                .containsEntry("dead.letter.topic", "levi.deadletter").doesNotContainKey("svc.name").hasSize(7);
        assertThat(defs.reads("svc.size")).isTrue();
        assertThat(defs.reads("svc.deadletter.topic")).isTrue();
        assertThat(defs.reads("svc.consumer.fetch.min.bytes")).isTrue();
        assertThat(defs.reads("svc.unknown")).isFalse();
    }

    @Test
    void aSharedDeclarationIsIncludedWithItsAliases() {
        SettingDefs shared = new SettingDefs()
                .define("dead.letter.topic", SettingType.STRING, "levi.deadletter", Validator.topicName(false), "DLQ.")
                .deprecatedAlias("old.dlq.topic", "dead.letter.topic");
        SettingDefs service = new SettingDefs().include(shared);

        assertThat(service.defaults()).containsExactly(Map.entry("dead.letter.topic", "levi.deadletter"));
        assertThat(service.parse(Map.of("old.dlq.topic", "x.dlq")).string("dead.letter.topic")).isEqualTo("x.dlq");
    }

    @Test
    void aRecordChecksItsTypedValuesAgainstTheSameRules() {
        List<String> problems = new ArrayList<>();
        defs().check("svc.size", -3, problems);
        defs().check("svc.size", 5, problems);

        assertThat(problems).containsExactly("svc.size was -3 but must be at least 1");
    }

    @Test
    void aDefaultThatBreaksItsOwnRuleIsAProgrammingError() {
        assertThatThrownBy(() -> new SettingDefs().define("x", SettingType.INT, "0", Validator.atLeast(1), "X."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the default of x is invalid: [x was 0 but must be at least 1]");
        assertThatThrownBy(() -> new SettingDefs().define("x", SettingType.INT, "1", "X.").define("x", SettingType.INT, "1", "X."))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x is declared twice");
    }

    @Test
    void offersTheClosestKnownKeysOrSaysNoneIsClose() {
        assertThatThrownBy(() -> defs().parse(Map.of("svc.mod", "auto")).throwIfInvalid())
                .hasMessage("svc.mod is not a known setting; did you mean svc.mode?");
        assertThatThrownBy(() -> defs().parse(Map.of("svc.completely.different", "1")).throwIfInvalid())
                .hasMessage("svc.completely.different is not a known setting; no known one is close (7 settings are "
                        + "known; --help lists them)");
    }

    @Test
    void measuresEditDistance() {
        assertThat(SettingDefs.distance("trainer.batch.size", "trainer.bach.size")).isEqualTo(1);
        assertThat(SettingDefs.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(SettingDefs.distance("", "abc")).isEqualTo(3);
    }
}
