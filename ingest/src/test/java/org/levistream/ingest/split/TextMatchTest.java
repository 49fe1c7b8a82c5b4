package org.levistream.ingest.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.schemas.domain.InteractionEvent;

/** The split file's {@code text} condition: whole words of an interaction's review text, summary and title. */
@Timeout(10)
class TextMatchTest {
    private static final String PETS = """
            records: interactions
            rules:
              - name: pets
                match:
                  text: {anyWord: [dog, Cat, puppy]}
                to: ood.pet-food
              - to: live
            """;

    private static InteractionEvent.Builder review(String text) {
        var b = InteractionEvent.builder("u1", "B000X", 5f, Instant.parse("2010-01-01T00:00:00Z"));
        return text == null ? b : b.reviewText(text);
    }

    private static String routed(InteractionEvent event) {
        return new SplitRouter(SplitPlan.parse(PETS, "pets.yaml")).route(event).destination().toString();
    }

    @Test
    void matchesWholeWordsIgnoringCase() {
        assertThat(routed(review("My DOG loves these.").build())).isEqualTo("ood.pet-food");
        assertThat(routed(review("cat-friendly treats").build())).isEqualTo("ood.pet-food");
        assertThat(routed(review("our puppy, 8 weeks").build())).isEqualTo("ood.pet-food");
        assertThat(routed(review("Çat? no: the cat<br />ate it").build())).isEqualTo("ood.pet-food");
    }

    @Test
    void doesNotMatchWordsThatOnlyContainAListedWord() {
        assertThat(routed(review("two dogs and a hotdog, category: snacks, catnip").build())).isEqualTo("live");
        assertThat(routed(review(null).build())).isEqualTo("live");
    }

    @Test
    void looksAtTheSummaryAndTheTitleToo() {
        assertThat(routed(review("tasty").context("summary", "the dog agrees").build())).isEqualTo("ood.pet-food");
        assertThat(routed(review("tasty").title("Puppy Chow").build())).isEqualTo("ood.pet-food");
        assertThat(routed(review("tasty").context("other", "dog").build())).isEqualTo("live");
    }

    @Test
    void neverJoinsTheEndOfOnePartToTheStartOfTheNext() {
        var facts = RecordFacts.of(review("hot").title("dog").build());
        assertThat(new RecordMatcher.Words(Set.of("hotdog")).matches(facts)).isFalse();
        assertThat(new RecordMatcher.Words(Set.of("dog")).matches(facts)).isTrue();
    }

    @Test
    void acceptsAListOrOneWordAsShorthandForAnyWord() {
        var list = SplitPlan.parse("records: interactions\nrules:\n  - {match: {text: [Dog, pet]}, to: live}\n", "a");
        var one = SplitPlan.parse("records: interactions\nrules:\n  - {match: {text: kitten}, to: live}\n", "b");
        assertThat(list.rules().get(0).match()).containsExactly(new RecordMatcher.Words(Set.of("dog", "pet")));
        assertThat(one.rules().get(0).match()).containsExactly(new RecordMatcher.Words(Set.of("kitten")));
    }

    @Test
    void reportsBadTextConditionsWithKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> SplitPlan.parse("""
                records: interactions
                rules:
                  - match: {text: {anyWord: [hot dog, pet]}}
                    to: ood.a
                  - match: {text: {anyWords: [pet]}}
                    to: ood.b
                  - match: {text: {anyWord: []}}
                    to: ood.c
                  - match: {text: {anyWord: [pet, 3]}}
                    to: ood.d
                  - match: {text: 7}
                    to: live
                """, "bad.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .extracting(e -> ((InvalidConfigException) e).problems(), InstanceOfAssertFactories.list(String.class))
                .containsExactlyInAnyOrder(
                        "bad.yaml: rules[0].match.text.anyWord has 'hot dog' but each must be one word of letters "
                                + "and digits, without spaces or punctuation",
                        "bad.yaml: rules[1].match.text.anyWords is not a setting here; allowed: anyWord",
                        "bad.yaml: rules[2].match.text.anyWord was empty but must name at least one word",
                        "bad.yaml: rules[3].match.text.anyWord[1] was 3 but must be a non-blank word name",
                        "bad.yaml: rules[4].match.text was 7 but must be a word, a list of words, or a mapping with "
                                + "anyWord");
    }

    @Test
    void reportsAMissingAnyWordAndTextOnImages() {
        assertThatThrownBy(() -> SplitPlan.parse("""
                records: images
                rules:
                  - match: {text: [dog]}
                    to: live
                """, "img.yaml"))
                .hasMessageContaining("img.yaml: rules[0].match.text applies to interactions only, but this file "
                        + "routes images (records: images)");
        assertThatThrownBy(() -> SplitPlan.parse("records: interactions\nrules:\n  - {match: {text: {}}, to: live}\n",
                "none.yaml"))
                .hasMessageContaining("none.yaml: rules[0].match.text.anyWord was empty but must be a list of words");
    }

    @Test
    void shippedAmazonSplitSendsPetFoodToOodAndHoldsOutAnIdSlice() {
        var plan = SplitPlan.load(Path.of("..", "config", "split-amazon.yaml"));
        var router = new SplitRouter(plan);
        List<String> pets = List.of("My dog loves them", "Kittens go wild", "great for our pets");
        for (String text : pets) {
            assertThat(router.route(review(text).build()).destination().toString()).isEqualTo("ood.pet-food");
        }
        long holdout = java.util.stream.IntStream.range(0, 2000)
                .mapToObj(i -> InteractionEvent.builder("generated-reviewer-" + i, "B" + i, 5f,
                        Instant.parse("2010-01-01T00:00:00Z").plusSeconds(3600L * i)).reviewText("good coffee").build())
                .map(router::route).filter(r -> r.destination().toString().equals("holdout")).count();
        assertThat(holdout).isBetween(150L, 250L);   // a 10% sample of 2,000: 200 expected, +-3.5 sigma
    }
}
