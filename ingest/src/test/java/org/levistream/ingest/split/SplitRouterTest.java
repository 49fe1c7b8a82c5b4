package org.levistream.ingest.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.levistream.ingest.split.Records.image;
import static org.levistream.ingest.split.Records.rating;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;

@Timeout(30)
class SplitRouterTest {
    private static SplitRouter router(String yaml) {
        return new SplitRouter(SplitPlan.parse(yaml, "test.yaml"));
    }

    private static String destination(SplitRouter router, InteractionEvent event) {
        return router.route(event).destination().toString();
    }

    @Nested
    class Interactions {
        @Test
        void routesByEventTimeRangeWithFromIncludedAndUntilExcluded() {
            var router = router("""
                    records: interactions
                    rules:
                      - match: {time: {until: 2003-01-01}}
                        to: pretrain
                      - match: {time: {from: 2003-01-01, until: "2009-01-01T00:00:00Z"}}
                        to: live
                      - match: {time: {from: 2009-01-01}}
                        to: ood.late-users
                    """);

            assertThat(destination(router, rating("u", "i", "2002-12-31T23:59:59.999Z"))).isEqualTo("pretrain");
            assertThat(destination(router, rating("u", "i", "2003-01-01T00:00:00Z"))).isEqualTo("live");
            assertThat(destination(router, rating("u", "i", "2008-12-31T23:59:59Z"))).isEqualTo("live");
            assertThat(destination(router, rating("u", "i", "2009-01-01T00:00:00Z"))).isEqualTo("ood.late-users");
        }

        @Test
        void routesByGenresAnyOfAndNoneOfIgnoringCase() {
            var router = router("""
                    records: interactions
                    rules:
                      - match: {genres: {anyOf: [horror, Animation], noneOf: [Comedy]}}
                        to: ood.genres
                      - to: live
                    """);

            assertThat(destination(router, rating("u", "i", "2005-01-01T00:00:00Z", "Horror"))).isEqualTo("ood.genres");
            assertThat(destination(router, rating("u", "i", "2005-01-01T00:00:00Z", "Drama", "Animation")))
                    .isEqualTo("ood.genres");
            assertThat(destination(router, rating("u", "i", "2005-01-01T00:00:00Z", "Horror", "Comedy"))).isEqualTo("live");
            assertThat(destination(router, rating("u", "i", "2005-01-01T00:00:00Z"))).isEqualTo("live");
        }

        @Test
        void acceptsCategoriesAsTheSameSettingAsGenres() {
            var router = router("""
                    records: interactions
                    rules:
                      - match: {categories: [Books]}
                        to: holdout
                    """);

            assertThat(destination(router, rating("u", "i", "2005-01-01T00:00:00Z", "Books"))).isEqualTo("holdout");
        }

        @Test
        void sendsAllOfAUsersRatingsToTheSameCohort() {
            var router = router("""
                    records: interactions
                    rules:
                      - match: {cohort: {buckets: 10, in: [0, 1]}}
                        to: ood.cohort
                      - to: live
                    """);
            Map<String, String> perUser = new HashMap<>();
            int inCohort = 0;
            for (int i = 0; i < 20_000; i++) {
                InteractionEvent event = rating(i, "2005-01-01T00:00:00Z");
                String d = destination(router, event);
                assertThat(perUser.putIfAbsent(event.userId(), d)).isIn(null, d);
                inCohort += d.equals("ood.cohort") ? 1 : 0;
            }
            assertThat(inCohort / 20_000.0).isBetween(0.1, 0.3);
            assertThat(perUser.values()).contains("ood.cohort", "live");
        }

        @Test
        void samplesAboutTheFractionPerRecordNotPerUser() {
            var router = router("""
                    records: interactions
                    rules:
                      - match: {sample: {fraction: 0.1, seed: 7}}
                        to: holdout
                      - to: live
                    """);

            long held = IntStream.range(0, 50_000)
                    .filter(i -> destination(router, rating(i, "2005-01-01T00:00:00Z")).equals("holdout")).count();
            long usersWithBoth = IntStream.range(0, 997).filter(u -> {
                var dests = IntStream.range(0, 50).mapToObj(k -> destination(router,
                        rating("u" + u, "i" + k, "2005-01-01T00:00:00Z"))).distinct().count();
                return dests == 2;
            }).count();

            assertThat(held / 50_000.0).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.01));
            assertThat(usersWithBoth).isGreaterThan(900);
        }

        @Test
        void anotherSeedDrawsAnotherSample() {
            String plan = """
                    records: interactions
                    rules:
                      - match: {sample: {fraction: 0.5, seed: SEED}}
                        to: holdout
                    """;
            var one = router(plan.replace("SEED", "1"));
            var two = router(plan.replace("SEED", "2"));

            long differ = IntStream.range(0, 1_000).filter(i -> !destination(one, rating(i, "2005-01-01T00:00:00Z"))
                    .equals(destination(two, rating(i, "2005-01-01T00:00:00Z")))).count();

            assertThat(differ).isBetween(400L, 600L);
        }

        @Test
        void firstMatchingRuleWinsAndUnmatchedRecordsAreDropped() {
            var router = router("""
                    records: interactions
                    rules:
                      - name: early
                        match: {time: {until: 2003-01-01}}
                        to: holdout
                      - name: also-early
                        match: {time: {until: 2004-01-01}}
                        to: live
                    """);

            Routing<InteractionEvent> early = router.route(rating("u", "i", "2002-06-01T00:00:00Z"));
            Routing<InteractionEvent> late = router.route(rating("u", "i", "2010-06-01T00:00:00Z"));

            assertThat(early.rule()).map(SplitRule::name).contains("early");
            assertThat(early.deliveries()).extracting(Delivery::topic).containsExactly(Optional.of("levi.interactions.holdout"));
            assertThat(late.matched()).isFalse();
            assertThat(late.destination()).isEqualTo(Destination.DROP);
            assertThat(late.deliveries()).isEmpty();
        }

        @Test
        void requiresEveryConditionOfARule() {
            var router = router("""
                    records: interactions
                    rules:
                      - match: {time: {from: 2003-01-01}, genres: [Horror]}
                        to: ood.late-horror
                      - to: drop
                    """);

            assertThat(destination(router, rating("u", "i", "2005-01-01T00:00:00Z", "Horror"))).isEqualTo("ood.late-horror");
            assertThat(destination(router, rating("u", "i", "2001-01-01T00:00:00Z", "Horror"))).isEqualTo("drop");
            assertThat(router.route(rating("u", "i", "2001-01-01T00:00:00Z", "Horror")).deliveries()).isEmpty();
        }

        @Test
        void copiesInteractionsUnchangedToASecondDestination() {
            var router = router("""
                    records: interactions
                    rules:
                      - to: live
                        copy: [{to: pretrain}]
                    """);
            var event = rating("u", "i", "2005-01-01T00:00:00Z");

            assertThat(router.route(event).deliveries()).extracting(Delivery::destination, Delivery::topic,
                    Delivery::record, Delivery::copy).containsExactly(
                    tuple(Destination.LIVE, Optional.of("levi.interactions"), event, false),
                    tuple(Destination.PRETRAIN, Optional.empty(), event, true));
        }
    }

    @Nested
    class Images {
        @Test
        void routesByDomainAndMakesRotatedCopiesWithTheirOwnIdAndDomain() {
            var router = router("""
                    records: images
                    rules:
                      - match: {domain: mnist}
                        to: live
                        copy:
                          - to: ood.rotated
                            transform: {rotate: 30}
                      - match: {domain: [optical-digits]}
                        to: ood.digits
                      - match: {domain: {noneOf: [mnist, optical-digits]}}
                        to: pretrain
                    """);
            ImageEvent mnist = image("mnist:train:7", "mnist");

            Routing<ImageEvent> routing = router.route(mnist);

            assertThat(routing.deliveries()).extracting(Delivery::topic, d -> d.record().id(), d -> d.record().domain())
                    .containsExactly(
                            tuple(Optional.of("levi.images"), "mnist:train:7", "mnist"),
                            tuple(Optional.of("levi.images.ood.rotated"), "mnist:train:7~rotated-30", "mnist-rotated-30"));
            ImageEvent rotated = routing.deliveries().get(1).record();
            assertThat(rotated.toByteArray()).isEqualTo(new ImageTransform.Rotate(30)
                    .apply(mnist.toByteArray(), 28, 28, 1, mnist.id()));
            assertThat(rotated.label()).isEqualTo(mnist.label());
            assertThat(router.route(image("d:1", "optical-digits")).destination()).isEqualTo(Destination.ood("digits"));
            assertThat(router.route(image("f:1", "fashion-mnist")).destination()).isEqualTo(Destination.PRETRAIN);
        }

        @Test
        void appliesChainedTransformsInOrderAndUsesAGivenDomain() {
            var router = router("""
                    records: images
                    rules:
                      - to: drop
                        copy:
                          - to: ood.mixed
                            transform: [{invert: true}, {blur: 1}]
                            domain: mixed
                    """);
            ImageEvent original = image("a", "mnist");

            Routing<ImageEvent> routing = router.route(original);

            byte[] expected = new ImageTransform.Blur(1).apply(
                    new ImageTransform.Invert().apply(original.toByteArray(), 28, 28, 1, "a"), 28, 28, 1, "a");
            assertThat(routing.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.record().id()).isEqualTo("a~inverted-blur-1");
                assertThat(d.record().domain()).isEqualTo("mixed");
                assertThat(d.record().toByteArray()).isEqualTo(expected);
            });
        }

        @Test
        void refusesToRouteTheOtherKindOfRecord() {
            var router = router("records: images\nrules: [{to: live}]\n");

            assertThatThrownBy(() -> router.route(rating("u", "i", "2005-01-01T00:00:00Z")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("routes images, not interactions");
        }
    }

    @Nested
    class Determinism {
        @Test
        void sendsTheSameRecordToTheSameDestinationEveryTime() {
            String yaml = """
                    records: interactions
                    rules:
                      - match: {cohort: {buckets: 7, in: [3]}}
                        to: ood.cohort
                      - match: {sample: {fraction: 0.3, seed: 99}}
                        to: holdout
                      - to: live
                    """;
            List<InteractionEvent> events = IntStream.range(0, 5_000).mapToObj(i -> rating(i, "2005-01-01T00:00:00Z"))
                    .toList();

            List<String> first = routeAll(router(yaml), events);
            List<String> again = routeAll(router(yaml), events);
            var backwards = new java.util.ArrayList<>(events);
            java.util.Collections.reverse(backwards);
            var reversed = new java.util.ArrayList<>(routeAll(router(yaml), backwards));
            java.util.Collections.reverse(reversed);

            assertThat(again).isEqualTo(first);
            assertThat(reversed).isEqualTo(first);
            assertThat(first).contains("ood.cohort", "holdout", "live");
        }

        private List<String> routeAll(SplitRouter router, List<InteractionEvent> events) {
            return events.stream().map(e -> destination(router, e)).toList();
        }

        @Test
        void makesTheSameNoisyCopyOfTheSameImage() {
            String yaml = """
                    records: images
                    rules:
                      - to: live
                        copy: [{to: ood.noisy, transform: {noise: {sigma: 30, seed: 5}}}]
                    """;
            ImageEvent a = image("a", "mnist");

            ImageEvent one = router(yaml).route(a).deliveries().get(1).record();
            ImageEvent two = router(yaml).route(a).deliveries().get(1).record();
            ImageEvent other = router(yaml).route(image("b", "mnist")).deliveries().get(1).record();

            assertThat(one).isEqualTo(two);
            assertThat(one.toByteArray()).isNotEqualTo(a.toByteArray());
            assertThat(other.toByteArray()).isNotEqualTo(one.toByteArray());
        }
    }

    @Nested
    class ExampleFiles {
        private final Path config = Path.of("..", "config");

        @Test
        void movieLensFileSplitsByPeriodWithATenPercentHoldout() {
            var router = new SplitRouter(SplitPlan.load(config.resolve("split-movielens.yaml")));
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 20_000; i++) {
                counts.merge(destination(router, rating(i, "2005-06-01T00:00:00Z")), 1, Integer::sum);
            }

            assertThat(destination(router, rating("u", "i", "1999-01-01T00:00:00Z"))).isEqualTo("pretrain");
            assertThat(destination(router, rating("u", "i", "2012-01-01T00:00:00Z"))).isEqualTo("ood.late-users");
            assertThat(counts).containsOnlyKeys("live", "holdout");
            assertThat(counts.get("holdout") / 20_000.0).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.01));
            assertThat(router.plan().topicNames()).containsExactly("levi.interactions", "levi.interactions.holdout",
                    "levi.interactions.ood.late-users");
            assertThat(router.plan().usesPretrain()).isTrue();
        }

        @Test
        void digitsFileRoutesEachDomainAndRotatesTheHeldOutImages() {
            var router = new SplitRouter(SplitPlan.load(config.resolve("split-digits.yaml")));
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 2_000; i++) {
                for (Delivery<ImageEvent> d : router.route(image("mnist:train:" + i, "mnist")).deliveries()) {
                    counts.merge(d.topic().orElseThrow() + " " + d.record().domain(), 1, Integer::sum);
                }
                for (Delivery<ImageEvent> d : router.route(image("mnist-test:t10k:" + i, "mnist-test")).deliveries()) {
                    counts.merge(d.topic().orElseThrow() + " " + d.record().domain(), 1, Integer::sum);
                }
            }

            // MNIST's training file is all live; its test files are the held-out set, and rotated an OOD set.
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("levi.images mnist", 2_000,
                    "levi.images.holdout mnist-test", 2_000, "levi.images.ood.rotated mnist-rotated-30", 2_000));
            assertThat(router.route(image("d:0", "optical-digits")).deliveries()).extracting(Delivery::topic)
                    .containsExactly(Optional.of("levi.images.ood.digits"));
            assertThat(router.route(image("f:0", "fashion-mnist")).destination()).isEqualTo(Destination.PRETRAIN);
            assertThat(router.plan().topicNames()).containsExactly("levi.images", "levi.images.holdout",
                    "levi.images.ood.digits", "levi.images.ood.rotated");
        }
    }
}
