package org.levistream.model.levi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.SmallModelSpec;

@Timeout(60)
class ModelSpecTest {

    @Test
    void reportsEveryInvalidSettingAtOnce() {
        assertThatThrownBy(() -> ModelSpec.builder().classification(1).projectionWidth(0).dropout(1f)
                .taps(List.of("a", "a")).unfreezeStep(-1).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("model.classes was 1 but classification needs at least 2")
                .hasMessageContaining("model.projection.width was 0 but must be at least 1")
                .hasMessageContaining("model.head.dropout was 1.0 but must be in [0, 1)")
                .hasMessageContaining("model.taps was a,a but tap names must be distinct and non-blank")
                .hasMessageContaining("model.lpft.unfreeze.step was -1 but must be >= 0")
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(5));
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, mode = EnumSource.Mode.EXCLUDE, names = "WISE_FT")
    void settingsRoundTripForEveryMethod(Method method) {
        ModelSpec spec = ModelSpec.builder().method(method).classification(10).taps(List.of("layer1", "layer3"))
                .headMode(HeadMode.PER_TAP).dropout(0.25f).small(SmallModelSpec.cnn28(24))
                .optimizer(OptimizerSpec.sgd(0.1f, 0.9f).withWeightDecay(1e-4f)).unfreezeStep(500).seed(-7).build();

        ModelSpec read = ModelSpec.fromSettings(spec.toSettings());

        assertThat(read).isEqualTo(spec);
        assertThat(read.settingsHash()).isEqualTo(spec.settingsHash());
    }

    @Test
    void aHashedTextModelRoundTripsAndNeedsBucketsAndHiddenUnits() {
        ModelSpec spec = ModelSpec.builder().method(Method.SMALL_ONLY).classification(2)
                .small(SmallModelSpec.hashedText(16384, 64, 32)).optimizer(OptimizerSpec.adam(1e-2f)).build();

        assertThat(spec.toSettings()).containsEntry("model.small.kind", "hashed-text")
                .containsEntry("model.small.buckets", "16384").containsEntry("model.small.embedding.dim", "64");
        assertThat(ModelSpec.fromSettings(spec.toSettings())).isEqualTo(spec);
        assertThatThrownBy(() -> SmallModelSpec.hashedText(0, 0, 32))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("model.small.buckets was 0 but must be at least 1")
                .hasMessageContaining("model.small.embedding.dim was 0 but must be at least 1");
    }

    @Test
    void settingsUseDottedKeysAndHyphenatedValues() {
        Map<String, String> settings = ModelSpec.builder().method(Method.LP_FT).build().toSettings();

        assertThat(settings).containsEntry("model.method", "lp-ft").containsEntry("model.task", "rating")
                .containsEntry("model.small.kind", "hashed-ids").containsEntry("model.optimizer.learning.rate", "0.001")
                .containsEntry("model.head.mode", "concat");
        assertThat(List.copyOf(settings.keySet())).isSorted();
    }

    @Test
    void theBackboneRateFactorRoundTripsAndIsWrittenOnlyWhenNotOne() {
        ModelSpec one = ModelSpec.builder().method(Method.FT).optimizer(OptimizerSpec.sgd(0.1f, 0.9f)).build();
        ModelSpec tenth = one.toBuilder()
                .optimizer(OptimizerSpec.sgd(0.1f, 0.9f).withBackboneLearningRateFactor(0.1f)).build();

        assertThat(one.toSettings()).doesNotContainKey("model.optimizer.backbone.lr.factor");
        assertThat(tenth.toSettings()).containsEntry("model.optimizer.backbone.lr.factor", "0.1");
        assertThat(ModelSpec.fromSettings(tenth.toSettings())).isEqualTo(tenth);
        assertThat(tenth.settingsHash()).isNotEqualTo(one.settingsHash());
        Map<String, String> bad = new java.util.LinkedHashMap<>(one.toSettings());
        bad.put("model.optimizer.backbone.lr.factor", "-1");
        assertThatThrownBy(() -> ModelSpec.fromSettings(bad))
                .hasMessageContaining("model.optimizer.backbone.lr.factor was -1.0 but must be in [0, 1]");
    }

    /** A wider CNN is a setting of its own, while the default writes no key, keeping older models' hashes. */
    @Test
    void theCnnFiltersRoundTripAndAreWrittenOnlyWhenNotTheDefault() throws Exception {
        ModelSpec narrow = ModelSpec.builder().method(Method.SMALL_ONLY).classification(10)
                .small(SmallModelSpec.cnn28(32)).build();
        Map<String, String> wideSettings = new java.util.LinkedHashMap<>(narrow.toSettings());
        wideSettings.put("model.small.filters", "32, 64");
        ModelSpec wide = ModelSpec.fromSettings(wideSettings);

        assertThat(narrow.toSettings()).doesNotContainKey("model.small.filters");
        assertThat(wide.small().filters()).containsExactly(32, 64);
        assertThat(wide.toSettings()).containsEntry("model.small.filters", "32,64");
        assertThat(ModelSpec.fromSettings(wide.toSettings())).isEqualTo(wide);
        assertThat(wide.settingsHash()).isNotEqualTo(narrow.settingsHash());
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.nn.Block block = org.levistream.model.task.TaskModels.build(wide.small());
            block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(2, 1, 28, 28));
            long convWeights = block.getParameters().stream().filter(p -> p.getKey().contains("Conv2d")
                    && p.getKey().endsWith("weight")).mapToLong(p -> p.getValue().getArray().size()).sum();
            assertThat(convWeights).as("3x3x1x32 + 3x3x32x64").isEqualTo(9 * 32 + 9 * 32 * 64);
        }
        wideSettings.put("model.small.filters", "32,64,128,256,512");
        assertThatThrownBy(() -> ModelSpec.fromSettings(wideSettings))
                .hasMessageContaining("model.small.filters was [32, 64, 128, 256, 512] but a CNN needs 1 to 4");
    }

    @Test
    void wiseFtIsNoModelOfItsOwn() {
        assertThatThrownBy(() -> ModelSpec.builder().method(Method.WISE_FT).build())
                .hasMessageContaining("model.method was wise-ft but a model must be trained by itself");
    }

    @Test
    void theHashChangesWithAnySetting() {
        ModelSpec base = ModelSpec.builder().build();

        assertThat(base.settingsHash()).matches("[0-9a-f]{64}").isEqualTo(ModelSpec.builder().build().settingsHash());
        assertThat(base.toBuilder().seed(43).build().settingsHash()).isNotEqualTo(base.settingsHash());
        assertThat(base.toBuilder().optimizer(OptimizerSpec.adam(1e-2f)).build().settingsHash())
                .isNotEqualTo(base.settingsHash());
    }

    @Test
    void fromSettingsFillsDefaultsAndIgnoresOtherModulesKeys() {
        ModelSpec spec = ModelSpec.fromSettings(Map.of("model.method", "small-only", "trainer.batch.size", "200",
                "model.small.kind", "cnn", "model.task", "classification", "model.classes", "10"));

        assertThat(spec.method()).isEqualTo(Method.SMALL_ONLY);
        assertThat(spec.small().inputShape()).containsExactly(1L, 28L, 28L);
        assertThat(spec.optimizer()).isEqualTo(OptimizerSpec.adam(1e-3f));
    }

    @Test
    void fromSettingsNamesUnknownKeysBadValuesAndNestedRules() {
        Map<String, String> raw = new HashMap<>();
        raw.put("model.methd", "levi");
        raw.put("model.method", "magic");
        raw.put("model.head.hidden", "many");
        raw.put("model.optimizer.learning.rate", "-1");
        raw.put("model.small.buckets", "0");

        assertThatThrownBy(() -> ModelSpec.fromSettings(raw))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("model.methd is not a known setting")
                .hasMessageContaining("model.method was magic but must be one of [levi, levi-last-layer, ft, lp, lp-ft, "
                        + "small-only, last-layer-head, wise-ft]")
                .hasMessageContaining("model.head.hidden was many but must be an integer")
                .hasMessageContaining("model.optimizer.learning.rate was -1.0 but must be a positive finite number")
                .hasMessageContaining("model.small.buckets was 0 but must be at least 1");
    }

    @Test
    void methodsSayWhenTheBackboneTrains() {
        assertThat(Method.FT.trainsBackboneAt(0, 100)).isTrue();
        assertThat(Method.LP_FT.trainsBackboneAt(99, 100)).isFalse();
        assertThat(Method.LP_FT.trainsBackboneAt(100, 100)).isTrue();
        assertThat(Method.LEVI.trainsBackboneAt(1_000, 0)).isFalse();
        assertThat(Method.LAST_LAYER_HEAD.evertrainsBackbone()).isFalse();
    }
}
