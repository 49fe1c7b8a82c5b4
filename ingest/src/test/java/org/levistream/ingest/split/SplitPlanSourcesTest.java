package org.levistream.ingest.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.sources.DataSource;
import org.levistream.ingest.sources.SourceType;

/** The {@code sources:} list of a split file. */
@Timeout(10)
class SplitPlanSourcesTest {
    private static final String RULES = "rules: [{to: live}]\n";

    @Test
    void parsesEveryImageTypeWithItsKeys() {
        SplitPlan plan = SplitPlan.parse("""
                records: images
                sources:
                  - {name: m, type: idx, images: mnist/a, labels: mnist/b, domain: mnist}
                  - {name: f, type: image-folder, path: /abs/mine, domain: mine, invert: true}
                  - {name: d, type: digits-csv, path: digits/digits.csv.gz, domain: optical-digits}
                """ + RULES, "ok.yaml");

        assertThat(plan.sources()).containsExactly(
                DataSource.idx("m", "mnist/a", "mnist/b", "mnist"),
                new DataSource("f", SourceType.IMAGE_FOLDER, Map.of("path", "/abs/mine"), "mine", true),
                DataSource.file("d", SourceType.DIGITS_CSV, "digits/digits.csv.gz", "optical-digits"));
    }

    @Test
    void parsesInteractionTypesWhichTakeNoDomain() {
        SplitPlan plan = SplitPlan.parse("""
                records: interactions
                sources:
                  - {name: ml, type: movielens-csv, path: movielens/movielens.csv}
                  - {name: amazon, type: amazon-jsonl, path: a/reviews.json.gz, metadata: a/meta.json.gz}
                """ + RULES, "ok.yaml");

        assertThat(plan.sources()).extracting(DataSource::type)
                .containsExactly(SourceType.MOVIELENS_CSV, SourceType.AMAZON_JSONL);
        assertThat(plan.sources().get(1).paths()).containsEntry("metadata", "a/meta.json.gz");
        assertThat(plan.sources()).allMatch(s -> s.domain() == null);
    }

    @Test
    void aFileWithoutSourcesHasNone() {
        assertThat(SplitPlan.parse("records: images\n" + RULES, "ok.yaml").sources()).isEmpty();
    }

    @Test
    void reportsEveryBadDeclarationWithItsKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> SplitPlan.parse("""
                records: images
                sources:
                  - {name: a, type: png-folder, path: x, domain: a}
                  - {name: b, type: idx, images: x, domain: b}
                  - {name: c, type: image-folder, path: x}
                  - {name: d, type: image-folder, path: x, domain: d, invert: yes please}
                  - {name: e, type: movielens-csv, path: x}
                  - {name: f, type: digits-csv, path: x, domain: f, colour: red}
                  - {name: a, type: digits-csv, path: "", domain: g}
                  - {type: digits-csv, path: x, domain: h}
                  - just a name
                """ + RULES, "bad.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("bad.yaml: sources[0].type was 'png-folder' but must be one of [idx, "
                        + "image-folder, digits-csv, movielens-csv, amazon-jsonl]")
                .hasMessageContaining("bad.yaml: sources[1] 'b' (idx).labels was empty but must be a file or folder "
                        + "path, relative to the data folder or absolute")
                .hasMessageContaining("bad.yaml: sources[2] 'c' (image-folder).domain was empty but must be the "
                        + "domain tag of its images, which rules match on (e.g. mnist)")
                .hasMessageContaining("bad.yaml: sources[3] 'd' (image-folder).invert was 'yes please' but must be "
                        + "true (dark ink on light paper) or false")
                .hasMessageContaining("bad.yaml: sources[4] 'e' (movielens-csv).type was 'movielens-csv', which gives "
                        + "interactions, but this file routes images (records: images)")
                .hasMessageContaining("bad.yaml: sources[5] 'f' (digits-csv).colour is not a setting here; allowed: "
                        + "name, type, domain, path")
                .hasMessageContaining("bad.yaml: sources[6] 'a' (digits-csv).path was '' but must be a file or "
                        + "folder path")
                .hasMessageContaining("bad.yaml: sources[7].name was empty but must be a non-blank, unique source name")
                .hasMessageContaining("bad.yaml: sources[8] was 'just a name' but must be a mapping with name, type, "
                        + "its paths and domain");
    }

    @Test
    void namesMustBeUniqueAndInteractionSourcesTakeNoDomain() {
        assertThatThrownBy(() -> SplitPlan.parse("""
                records: interactions
                sources:
                  - {name: ml, type: movielens-csv, path: a.csv}
                  - {name: ml, type: movielens-csv, path: b.csv, domain: late}
                """ + RULES, "bad.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("sources[1] 'ml' (movielens-csv).domain is not a setting here: interaction "
                        + "records carry no domain tag; route them by time, genres, cohort or sample");
        assertThatThrownBy(() -> SplitPlan.parse("""
                records: interactions
                sources:
                  - {name: ml, type: movielens-csv, path: a.csv}
                  - {name: ml, type: movielens-csv, path: b.csv}
                """ + RULES, "bad.yaml"))
                .hasMessageContaining("sources[1].name was 'ml' but must be unique; sources[0] has it too");
        assertThatThrownBy(() -> SplitPlan.parse("records: images\nsources: {name: x}\n" + RULES, "bad.yaml"))
                .hasMessageContaining("sources was {name=x} but must be a list of sources");
    }

    @Test
    void mayRouteSaysWhetherAnyRuleCanSendADomainSomewhere() {
        SplitPlan plan = SplitPlan.parse("""
                records: images
                rules:
                  - {match: {domain: a}, to: pretrain}
                  - {match: {domain: {noneOf: [a, c]}, sample: 0.5}, to: holdout}
                  - {match: {domain: c}, to: drop}
                """, "ok.yaml");

        assertThat(plan.mayRoute("a", to -> to.kind() == Destination.Kind.PRETRAIN)).isTrue();
        assertThat(plan.mayRoute("a", to -> to.kind() == Destination.Kind.HOLDOUT)).isFalse();
        assertThat(plan.mayRoute("b", to -> to.kind() == Destination.Kind.HOLDOUT)).isTrue();
        assertThat(plan.mayRoute("c", to -> to.kind() != Destination.Kind.DROP)).isFalse();
    }
}
