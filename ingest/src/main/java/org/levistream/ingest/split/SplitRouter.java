package org.levistream.ingest.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * Routes records by a {@link SplitPlan}: the first rule whose conditions all hold decides, and a record no rule
 * matches is dropped. Pure and deterministic (no clock, no shared random state), so the same record always gets the
 * same routing, in a stream or offline; thread-safe.
 */
public final class SplitRouter {
    private final SplitPlan plan;

    /** A router for {@code plan}. */
    public SplitRouter(SplitPlan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** The plan this router follows. */
    public SplitPlan plan() {
        return plan;
    }

    /** Routes an interaction; copies of interactions are the record unchanged. */
    public Routing<InteractionEvent> route(InteractionEvent event) {
        requireKind(RecordKind.INTERACTIONS);
        Optional<SplitRule> rule = firstMatch(RecordFacts.of(event));
        List<Delivery<InteractionEvent>> deliveries = new ArrayList<>();
        rule.ifPresent(r -> {
            deliver(r.to(), event, false, deliveries);
            r.copies().forEach(copy -> deliver(copy.to(), event, true, deliveries));
        });
        return new Routing<>(rule, deliveries);
    }

    /**
     * Routes an image; a copy with transforms is a shifted image with its own id and domain (see {@link CopyRule}).
     * Transforms need {@code RAW_U8} images: a PNG-encoded image that a rule would transform throws
     * {@link IllegalArgumentException}.
     */
    public Routing<ImageEvent> route(ImageEvent image) {
        requireKind(RecordKind.IMAGES);
        Optional<SplitRule> rule = firstMatch(RecordFacts.of(image));
        List<Delivery<ImageEvent>> deliveries = new ArrayList<>();
        rule.ifPresent(r -> {
            deliver(r.to(), image, false, deliveries);
            r.copies().forEach(copy -> deliver(copy.to(), shifted(image, copy), true, deliveries));
        });
        return new Routing<>(rule, deliveries);
    }

    private Optional<SplitRule> firstMatch(RecordFacts facts) {
        for (SplitRule rule : plan.rules()) {
            if (rule.matches(facts)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private <T> void deliver(Destination to, T record, boolean copy, List<Delivery<T>> deliveries) {
        if (to.kind() != Destination.Kind.DROP) {
            deliveries.add(new Delivery<>(to, plan.topics().topic(to), record, copy));
        }
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
