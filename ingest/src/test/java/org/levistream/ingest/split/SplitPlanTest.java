package org.levistream.ingest.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.common.config.InvalidConfigException;

@Timeout(10)
class SplitPlanTest {
    private static InvalidConfigException problems(String yaml) {
        try {
            SplitPlan.parse(yaml, "bad.yaml");
        } catch (InvalidConfigException e) {
            return e;
        }
        throw new AssertionError("expected the split file to be refused");
    }

    @Test
    void parsesRulesIntoImmutableRecords() {
        SplitPlan plan = SplitPlan.parse("""
                records: interactions
                stream: ratings
                topicPrefix: prod.levi.
                pretrainFile: out/pre.avro
                rules:
                  - name: holdout
                    match:
                      time: {from: 2003-01-01, until: "2009-01-01T12:00:00+02:00"}
                      sample: 0.2
                      cohort: {buckets: 4, in: 2, salt: 9}
                    to: holdout
                """, "ok.yaml");

        assertThat(plan.records()).isEqualTo(RecordKind.INTERACTIONS);
        assertThat(plan.topics().ood("x")).isEqualTo("prod.levi.ratings.ood.x");
        assertThat(plan.pretrainFile()).contains(Path.of("out/pre.avro"));
        assertThat(plan.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.name()).isEqualTo("holdout");
            assertThat(rule.match()).containsExactly(
                    new RecordMatcher.TimeRange(Instant.parse("2003-01-01T00:00:00Z"), Instant.parse("2009-01-01T10:00:00Z")),
                    new RecordMatcher.Sample(0.2, 0),
                    new RecordMatcher.Cohort(4, new java.util.TreeSet<>(java.util.Set.of(2)), 9));
        });
        assertThatThrownBy(() -> plan.rules().add(plan.rules().get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void defaultsTheStreamToTheRecordsAndNamesRulesByIndex() {
        SplitPlan plan = SplitPlan.parse("records: images\nrules: [{to: live}]\n", "ok.yaml");

        assertThat(plan.topics()).isEqualTo(new TopicNames("levi.", "images"));
        assertThat(plan.rules().get(0).name()).isEqualTo("rule-0");
        assertThat(plan.pretrainFile()).isEmpty();
    }

    @Test
    void reportsEveryProblemWithRuleIndexKeyValueAndWhatIsAllowed() {
        var e = problems("""
                records: interactions
                topicPrefix: levi
                rules:
                  - match:
                      sample: {fraction: 1.5, seed: 1}
                      time: {from: 2009-01-01, until: 2003-01-01}
                      cohort: {buckets: 1, in: [0]}
                      domain: mnist
                    to: od.late
                  - mach: {}
                    to: live
                  - match: {time: {from: 2003}}
                    to: ood.Late_Users
                  - to: holdout
                    copy: [{to: ood.x, transform: {rotate: 30}}]
                """);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bad.yaml: topicPrefix was 'levi' but must be empty or dotted words ending with '.' (e.g. 'levi.'), "
                        + "using letters, digits, '_' and '-'",
                "bad.yaml: rules[0].match.sample.fraction was 1.5 but must be in (0, 1]",
                "bad.yaml: rules[0].match.time.until was 2003-01-01T00:00:00Z but must be after from (2009-01-01T00:00:00Z)",
                "bad.yaml: rules[0].match.cohort.buckets was 1 but must be at least 2",
                "bad.yaml: rules[0].match.domain applies to images only, but this file routes interactions (records: interactions)",
                "bad.yaml: rules[0].to was 'od.late' but must be live, holdout, pretrain, drop or ood.<name> "
                        + "(name: lowercase letters, digits, '-')",
                "bad.yaml: rules[1].mach is not a setting here; allowed: name, match, to, copy",
                "bad.yaml: rules[2].match.time.from was 2003 but must be an ISO date (2003-01-01, UTC) or instant "
                        + "(2003-01-01T00:00:00Z)",
                "bad.yaml: rules[2].to was 'ood.Late_Users' but must be live, holdout, pretrain, drop or ood.<name> "
                        + "(name: lowercase letters, digits, '-')",
                "bad.yaml: rules[3].copy[0].transform applies to images only, but this file routes interactions "
                        + "(records: interactions)");
        assertThat(e.getMessage()).contains("\n");
    }

    @Test
    void reportsMissingAndMistypedTopLevelSettings() {
        assertThat(problems("stream: x\n").problems()).containsExactly(
                "bad.yaml: records was empty but must be interactions or images",
                "bad.yaml: rules was empty but must be a list of rules");
        assertThat(problems("records: images\nrules: []\n").problems()).containsExactly(
                "bad.yaml: rules was [] but must be a list of at least one rule");
        assertThat(problems("- just\n- a list\n").problems()).singleElement().asString()
                .startsWith("bad.yaml: the document was [just, a list] but must be a mapping with");
    }

    @Test
    void reportsRulesThatCanNeverMatchAndDuplicateNames() {
        var e = problems("""
                records: interactions
                rules:
                  - {name: a, to: live}
                  - {name: a, to: holdout, match: {sample: 0.1}}
                """);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bad.yaml: rules[1].name was 'a' but must be unique; rules[0] has it too",
                "bad.yaml: rules[1] can never match: rules[0] has no match and takes every record");
    }

    @Test
    void reportsBadTransformsAndCopies() {
        var e = problems("""
                records: images
                rules:
                  - to: live
                    copy:
                      - {to: drop}
                      - to: ood.a
                        transform: {rotate: 500, blur: 0, invert: false, noise: {sigma: -1}, sharpen: 2}
                      - {to: ood.b, transform: {}}
                """);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bad.yaml: rules[0].copy[0].to was 'drop' but a copy must go to live, holdout, pretrain or ood.<name>",
                "bad.yaml: rules[0].copy[1].transform.sharpen is not a setting here; allowed: rotate, noise, blur, contrast, invert",
                "bad.yaml: rules[0].copy[1].transform.rotate was 500.0 but must be degrees in [-360, 360]",
                "bad.yaml: rules[0].copy[1].transform.blur was 0 but must be a radius in [1, 14] pixels",
                "bad.yaml: rules[0].copy[1].transform.invert was false but must be true (leave it out for no inversion)",
                "bad.yaml: rules[0].copy[1].transform.noise.sigma was -1.0 but must be in (0, 255] (pixel units)",
                "bad.yaml: rules[0].copy[2].transform was {} but must be at least one of [rotate, noise, blur, contrast, invert]");
    }

    @Test
    void reportsYamlSyntaxAndDuplicateKeysAsOneProblem() {
        assertThat(problems("records: [unclosed\n").problems()).singleElement().asString()
                .startsWith("bad.yaml: not valid YAML:");
        assertThat(problems("records: images\nrecords: images\nrules: [{to: live}]\n").problems()).singleElement()
                .asString().contains("duplicate key records");
    }

    @Test
    void reportsAnUnreadableFileByName() {
        assertThatThrownBy(() -> SplitPlan.load(Path.of("no/such/split.yaml")))
                .isInstanceOf(InvalidConfigException.class)
                .extracting(t -> ((InvalidConfigException) t).problems(), InstanceOfAssertFactories.LIST)
                .singleElement().asString().startsWith("split file no/such/split.yaml could not be read");
    }
}
