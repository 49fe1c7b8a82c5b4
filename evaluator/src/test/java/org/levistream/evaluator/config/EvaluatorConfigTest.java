package org.levistream.evaluator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.common.config.SettingsLayers;
import org.levistream.evaluator.alerts.Margin;
import org.levistream.schemas.avro.Split;

class EvaluatorConfigTest {

    @Test
    void theShippedConfigReadsAsDocumented() {
        EvaluatorConfig config = EvaluatorConfig.from(
                EvaluatorConfig.DEFINITIONS.canonical(SettingsLayers.readYaml(Path.of("..", "config", "evaluator.yaml"))));

        assertThat(config.holdoutTopics()).containsExactly("levi.interactions.holdout",
                "levi.interactions.ood.late-users", "levi.images.holdout", "levi.images.ood.rotated",
                "levi.images.ood.digits");
        assertThat(config.alerts().margin()).isEqualTo(Margin.relative(0.05));
        assertThat(config.alerts().marginFor("ece")).isEqualTo(Margin.absolute(0.02));
        assertThat(config.alerts().marginFor("accuracy")).isEqualTo(Margin.relative(0.05));
        assertThat(config.alerts().alpha()).isEqualTo(0.05);
        assertThat(config.pinnedReference()).isEqualTo(-1);
        assertThat(config.sampleSize()).isEqualTo(10_000);
        assertThat(config.dashboard()).get().satisfies(d -> {
            assertThat(d.port()).isEqualTo(8090);
            assertThat(d.host()).isEqualTo("127.0.0.1");
        });
        assertThat(config.experiments()).isEmpty();
    }

    @Test
    void everyBadSettingIsNamedWithItsValueAndRuleAtOnce() {
        assertThatThrownBy(() -> EvaluatorConfig.from(Map.of(EvaluatorConfig.HOLDOUT_TOPICS, "levi.interactions",
                EvaluatorConfig.ALERT_MARGIN, "two percent", EvaluatorConfig.ALERT_REFERENCE, "best")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(EvaluatorConfig.ALERT_MARGIN + " was")
                .hasMessageContaining(EvaluatorConfig.ALERT_REFERENCE + " was")
                .hasMessageContaining("'levi.interactions' is neither <stream>.holdout nor <stream>.ood.<name>")
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(3));
    }

    @Test
    void aMetricsOwnMarginIsCheckedLikeTheCommonOne() {
        assertThat(EvaluatorConfig.from(Map.of(EvaluatorConfig.HOLDOUT_TOPICS, "levi.images.holdout"))
                .alerts().metricMargins()).isEmpty();
        assertThatThrownBy(() -> EvaluatorConfig.from(Map.of(EvaluatorConfig.HOLDOUT_TOPICS, "levi.images.holdout",
                EvaluatorConfig.ALERT_METRIC_MARGIN_PREFIX + "ece", "-0.02")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("evaluator.alert.margin.ece was '-0.02'")
                .hasMessageContaining("must be empty (the common evaluator.alert.margin)");
    }

    @Test
    void aHeldOutTopicsStreamAndSplitComeFromItsName() {
        assertThat(HeldOutTopic.parse("levi.images.ood.rotated")).contains(
                new HeldOutTopic("levi.images.ood.rotated", "levi.images", Split.OOD));
        assertThat(HeldOutTopic.parse("levi.interactions.holdout")).contains(
                new HeldOutTopic("levi.interactions.holdout", "levi.interactions", Split.ID));
        assertThat(HeldOutTopic.parse("levi.interactions")).isEmpty();
        assertThat(HeldOutTopic.parse(".holdout")).isEmpty();
    }
}
