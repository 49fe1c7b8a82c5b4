package org.levistream.ingest.split;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * Routes records by a {@link SplitPlan}: the first rule whose conditions all hold decides, and a record no rule
 * matches is dropped. Pure and deterministic (no clock, no shared random state), so the same record always gets the
 * same routing, in a stream or offline; thread-safe.
 */
public final class SplitRouter {
    private final SplitPlan plan;
    // Made once, so that routing a record allocates no Optional and no topic name: each rule as a match returns it,
    // in plan order, and the topic of every destination the rules name.
    private final List<Optional<SplitRule>> matches;
    private final Map<Destination, Optional<String>> topics;

    /** A router for {@code plan}. */
    public SplitRouter(SplitPlan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
        List<Optional<SplitRule>> rules = new ArrayList<>();
        Map<Destination, Optional<String>> names = new HashMap<>();
        for (SplitRule rule : plan.rules()) {
            rules.add(Optional.of(rule));
            names.computeIfAbsent(rule.to(), to -> plan.topics().topic(to));
            rule.copies().forEach(copy -> names.computeIfAbsent(copy.to(), to -> plan.topics().topic(to)));
        }
        this.matches = List.copyOf(rules);
        this.topics = Map.copyOf(names);
    }

    /** The plan this router follows. */
    public SplitPlan plan() {
        return plan;
    }

    /** Routes an interaction; copies of interactions are the record unchanged. */
    public Routing<InteractionEvent> route(InteractionEvent event) {
        requireKind(RecordKind.INTERACTIONS);
        Optional<SplitRule> rule = firstMatch(event, RecordFacts::of);
        if (rule.isEmpty()) {
            return new Routing<>(rule, List.of());
        }
        SplitRule r = rule.get();
        if (r.copies().isEmpty()) {   // the usual case: one delivery, or none
            return new Routing<>(rule, r.to().kind() == Destination.Kind.DROP ? List.of()
                    : List.of(delivery(r.to(), event, false)));
        }
        List<Delivery<InteractionEvent>> deliveries = new ArrayList<>();
        deliver(r.to(), event, false, deliveries);
        r.copies().forEach(copy -> deliver(copy.to(), event, true, deliveries));
        return new Routing<>(rule, deliveries);
    }

    /**
     * Routes an image; a copy with transforms is a shifted image with its own id and domain (see {@link CopyRule}).
     * Transforms need {@code RAW_U8} images: a PNG-encoded image that a rule would transform throws
     * {@link IllegalArgumentException}.
     */
    public Routing<ImageEvent> route(ImageEvent image) {
        requireKind(RecordKind.IMAGES);
        Optional<SplitRule> rule = firstMatch(image, RecordFacts::of);
        List<Delivery<ImageEvent>> deliveries = new ArrayList<>();
        rule.ifPresent(r -> {
            deliver(r.to(), image, false, deliveries);
            r.copies().forEach(copy -> deliver(copy.to(), shifted(image, copy), true, deliveries));
        });
        return new Routing<>(rule, deliveries);
    }

    /** The first rule that matches; the facts are taken only if a rule has conditions to check before it. */
    private <T> Optional<SplitRule> firstMatch(T record, Function<T, RecordFacts> factsOf) {
        RecordFacts facts = null;
        for (int i = 0; i < matches.size(); i++) {
            SplitRule rule = matches.get(i).get();
            if (!rule.matchesEverything()) {
                facts = facts == null ? factsOf.apply(record) : facts;
                if (!rule.matches(facts)) {
                    continue;
                }
            }
            return matches.get(i);
        }
        return Optional.empty();
    }

    private <T> void deliver(Destination to, T record, boolean copy, List<Delivery<T>> deliveries) {
        if (to.kind() != Destination.Kind.DROP) {
            deliveries.add(delivery(to, record, copy));
        }
    }

    private <T> Delivery<T> delivery(Destination to, T record, boolean copy) {
        return new Delivery<>(to, topics.get(to), record, copy);
    }

    private static ImageEvent shifted(ImageEvent image, CopyRule copy) {
        if (copy.transforms().isEmpty()) {
            return image;
        }
        if (image.encoding() != ImageEvent.Encoding.RAW_U8) {
            throw new IllegalArgumentException("transforms need RAW_U8 images, but " + image.id() + " is "
                    + image.encoding());
        }
        byte[] pixels = image.toByteArray();
        for (ImageTransform t : copy.transforms()) {
            pixels = t.apply(pixels, image.height(), image.width(), image.channels(), image.id());
        }
        return image.withPixels(copy.idFor(image.id()), copy.domainFor(image.domain()), pixels);
    }

    private void requireKind(RecordKind kind) {
        if (plan.records() != kind) {
            throw new IllegalStateException("this split plan routes " + plan.records().yamlName() + ", not "
                    + kind.yamlName());
        }
    }
}
