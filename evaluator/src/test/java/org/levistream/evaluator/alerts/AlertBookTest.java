package org.levistream.evaluator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertBookTest {

    @Test
    void raisesOneAlertWhileAConditionHoldsAndResolvesItOnceCleared() {
        var book = new AlertBook(Set.of());

        assertThat(book.apply(List.of(verdict("ood", true)))).extracting(AlertBook.Transition::change)
                .containsExactly(AlertBook.Change.OPENED);
        assertThat(book.apply(List.of(verdict("ood", true)))).isEmpty();   // still degraded: no second alert
        assertThat(book.anyOpen()).isTrue();
        assertThat(book.apply(List.of(verdict("ood", false)))).extracting(AlertBook.Transition::change)
                .containsExactly(AlertBook.Change.RESOLVED);
        assertThat(book.apply(List.of(verdict("ood", false)))).isEmpty();
        assertThat(book.anyOpen()).isFalse();
    }

    @Test
    void continuesFromTheOpenConditionsItWasRestoredWith() {
        var book = new AlertBook(Set.of("ood/rmse"));

        assertThat(book.apply(List.of(verdict("ood", true), verdict("holdout", true))))
                .extracting(t -> t.verdict().condition()).containsExactly("holdout/rmse");
        assertThat(book.open()).containsExactlyInAnyOrder("ood/rmse", "holdout/rmse");
    }

    private static DegradationCheck.Verdict verdict(String topic, boolean degraded) {
        return new DegradationCheck.Verdict(topic,
                new Degradation("rmse", 100, 1.1, 1.0, 0.1, 0.05, 0.15, 0.0, degraded ? 0.001 : 0.4, "delta method"),
                degraded);
    }
}
