package org.levistream.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsViewTest {
    private static final SeriesKey LEVI_ID =
            new SeriesKey("recommendation", "replay-levi", "levi.recommendation.holdout", "rmse", Split.ID);
    private static final SeriesKey LEVI_OOD =
            new SeriesKey("recommendation", "replay-levi", "levi.recommendation.ood.late-users", "rmse", Split.OOD);
    private static final SeriesKey FT_OOD =
            new SeriesKey("recommendation", "replay-ft", "levi.recommendation.ood.late-users", "rmse", Split.OOD);
    private static final AlertKey FT_ALERT =
            new AlertKey("recommendation", "replay-ft", "levi.recommendation.ood.late-users", "rmse");

    private final MetricsView view = new MetricsView();

    @Test
    void keepsOneSeriesPerExperimentTopicMetricAndSplit() {
        view.add(LEVI_ID, point(1, 0.90));
        view.add(LEVI_OOD, point(1, 1.10));
        view.add(FT_OOD, point(1, 1.20));
        view.add(LEVI_OOD, point(2, 1.05));

        assertThat(view.snapshot().series()).extracting(MetricSeries::key)
                .containsExactlyInAnyOrder(LEVI_ID, LEVI_OOD, FT_OOD);
        assertThat(pointsOf(LEVI_OOD)).extracting(MetricPoint::version).containsExactly(1L, 2L);
    }

    @Test
    void ordersPointsByVersionWhateverOrderTheyArrive() {
        view.add(LEVI_OOD, point(3, 1.0));
        view.add(LEVI_OOD, point(1, 1.2));
        view.add(LEVI_OOD, point(2, 1.1));

        assertThat(pointsOf(LEVI_OOD)).extracting(MetricPoint::version).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aRescoredVersionReplacesItsEarlierPoint() {
        view.add(LEVI_OOD, point(2, 1.1));
        view.add(LEVI_OOD, point(2, 0.7));

        assertThat(pointsOf(LEVI_OOD)).singleElement().extracting(MetricPoint::value).isEqualTo(0.7);
    }

    @Test
    void listsSeriesSoThatAChartsLinesSitTogether() {
        var images = new SeriesKey("images", "replay-levi", "levi.images.holdout", "accuracy", Split.ID);
        view.add(FT_OOD, point(1, 1.2));
        view.add(images, point(1, 0.8));
        view.add(LEVI_ID, point(1, 0.9));

        assertThat(view.snapshot().series()).extracting(MetricSeries::key).containsExactly(images, LEVI_ID, FT_OOD);
    }

    @Test
    void anAlertIsOpenUntilALaterVersionResolvesIt() {
        view.add(FT_ALERT, mark(3, AlertStatus.OPEN));
        assertThat(view.snapshot().alerts()).singleElement().extracting(AlertTrack::status)
                .isEqualTo(AlertStatus.OPEN);
        assertThat(view.openAlertCount()).isEqualTo(1);

        view.add(FT_ALERT, mark(5, AlertStatus.RESOLVED));

        AlertTrack track = view.snapshot().alerts().get(0);
        assertThat(track.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(track.marks()).extracting(AlertMark::version, AlertMark::status)
                .containsExactly(tuple(3L, AlertStatus.OPEN),
                        tuple(5L, AlertStatus.RESOLVED));
        assertThat(view.openAlertCount()).isZero();
    }

    @Test
    void anAlertReRaisedAfterItsResolveIsOpenAgain() {
        view.add(FT_ALERT, mark(3, AlertStatus.OPEN));
        view.add(FT_ALERT, mark(5, AlertStatus.RESOLVED));
        view.add(FT_ALERT, mark(7, AlertStatus.OPEN));
        view.add(FT_ALERT, mark(7, AlertStatus.OPEN));   // the same record again, after an evaluator restart

        assertThat(view.snapshot().alerts().get(0).status()).isEqualTo(AlertStatus.OPEN);
        assertThat(view.snapshot().alerts().get(0).marks()).hasSize(3);
    }

    @Test
    void aSubscriberGetsTheStateThenEveryLaterChangeInOrder() {
        view.add(LEVI_OOD, point(1, 1.2));
        List<ViewUpdate> seen = new ArrayList<>();

        try (var subscription = view.subscribe(seen::add)) {
            view.add(LEVI_OOD, point(2, 1.1));
            view.add(FT_ALERT, mark(2, AlertStatus.OPEN));
            assertThat(subscription.snapshot().series()).singleElement()
                    .satisfies(s -> assertThat(s.points()).hasSize(1));
        }
        view.add(LEVI_OOD, point(3, 1.0));   // after close: not seen

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo(new ViewUpdate.PointUpdate(LEVI_OOD, point(2, 1.1)));
        assertThat(seen.get(1)).isInstanceOfSatisfying(ViewUpdate.AlertUpdate.class,
                u -> assertThat(u.track().status()).isEqualTo(AlertStatus.OPEN));
    }

    private List<MetricPoint> pointsOf(SeriesKey key) {
        return view.snapshot().series().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().points();
    }

    private static MetricPoint point(long version, double value) {
        return new MetricPoint(version, value, value - 0.05, value + 0.05, 500);
    }

    private static AlertMark mark(long version, AlertStatus status) {
        return new AlertMark(version, status, version - 1, 1.3, 1.1, "rmse worse by 0.2",
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(version));
    }
}
