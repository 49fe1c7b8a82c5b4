package org.levistream.experiment.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.model.levi.Method;
import org.levistream.model.optim.OptimizerSpec.Kind;

class ProtocolSettingsTest {
    @Test
    void everyProblemIsNamedWithItsKeyAndValue() {
        assertThatThrownBy(() -> new ProtocolSettings(List.of(Method.FT, Method.WISE_FT), List.of(1L), 0, 512,
                Map.of("model.optimizer.kind", "adam", "model.optimizer.backbone.lr.factor", "0.5"), 0, false, -1,
                SearchSpace.FULL))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(5))
                .hasMessageContaining("experiment.epochs was 0 but must be at least 1")
                .hasMessageContaining("experiment.patience was -1 but must be >= 0")
                .hasMessageContaining("experiment.methods was [ft, wise-ft] but wise-ft needs lp and ft too")
                .hasMessageContaining("set model.optimizer.kind but the full search chooses the optimizer per run")
                .hasMessageContaining("set model.optimizer.backbone.lr.factor but the full search chooses it");
        assertThatThrownBy(() -> new ProtocolSettings(List.of(Method.FT), List.of(1L), 0, 512, Map.of(), 0, false, 3,
                SearchSpace.FULL)).hasMessageContaining("experiment.max.epochs was 0 but must be at least 1");
    }

    @Test
    void thePaperConstructorIsTheFixedRuleWithThePaperSearch() {
        var paper = new ProtocolSettings(List.of(Method.FT), List.of(1L), 8, 512, Map.of(), 0, false);
        assertThat(paper.converges()).isFalse();
        assertThat(paper.search()).isEqualTo(SearchSpace.PAPER);
        assertThat(SearchSpace.PAPER.points(Method.FT, Kind.SGD)).extracting(SearchPoint::label)
                .containsExactly("sgd 1e-4", "sgd 1e-3", "sgd 1e-2", "sgd 1e-1");
    }

    @Test
    void theFullSearchTriesBothOptimizersAndTheBackboneFactorOnlyWhereTheBackboneTrains() {
        assertThat(SearchSpace.FULL.points(Method.LP_FT, Kind.SGD)).hasSize(12)
                .extracting(SearchPoint::label).contains("sgd 1e-2 backbone×0.1", "adam 1e-4", "adam 1e-3");
        assertThat(SearchSpace.FULL.points(Method.LEVI, Kind.SGD)).hasSize(6)
                .allSatisfy(p -> assertThat(p.backboneFactor()).isEqualTo(1f));
        assertThat(SearchSpace.FULL.points(Method.LP, Kind.SGD)).hasSize(8);
        assertThat(SearchSpace.BUDGET.points(Method.FT, Kind.SGD)).hasSize(6);
    }
}
