package org.levistream.ingest.split;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An extra copy a rule makes besides routing the record itself: to another destination, for images optionally
 * shifted by transforms applied in order (e.g. MNIST rotated 30 degrees into {@code ood.rotated}).
 *
 * <p>A shifted copy gets its own id ({@code <id>~<labels>}, e.g. {@code mnist:train:7~rotated-30}) and domain
 * ({@code domain} when given, else {@code <domain>-<labels>}, e.g. {@code mnist-rotated-30}); a copy without
 * transforms is the record unchanged.
 *
 * @param to         where the copy goes; never {@code drop}
 * @param transforms applied in order; empty for an unchanged copy
 * @param domain     the copy's domain tag, or empty for the default
 */
public record CopyRule(Destination to, List<ImageTransform> transforms, Optional<String> domain) {
    /** Refuses a copy to nowhere; copies the list. */
    public CopyRule {
        Objects.requireNonNull(to, "to");
        if (to.kind() == Destination.Kind.DROP) {
            throw new IllegalArgumentException(
                    "to was 'drop' but a copy must go to live, holdout, pretrain or ood.<name>");
        }
        transforms = List.copyOf(transforms);
        Objects.requireNonNull(domain, "domain");
    }

    /** The labels of the transforms joined by '-', e.g. {@code rotated-30-noise-20}; empty without transforms. */
    public String label() {
        return transforms.stream().map(ImageTransform::label).collect(Collectors.joining("-"));
    }

    /** The copy's id for an original id. */
    public String idFor(String originalId) {
        return transforms.isEmpty() ? originalId : originalId + "~" + label();
    }

    /** The copy's domain for an original domain. */
    public String domainFor(String originalDomain) {
        return domain.orElse(transforms.isEmpty() ? originalDomain : originalDomain + "-" + label());
    }
}
