package org.levistream.schemas.registry;

import java.util.List;

/**
 * The registry's verdict on a candidate schema against a subject's latest version.
 *
 * @param compatible whether the candidate could be registered under the subject's compatibility level
 * @param messages   the registry's reasons when it is not (empty when compatible, or when the registry gives none)
 */
public record CompatibilityCheck(boolean compatible, List<String> messages) {
    public CompatibilityCheck {
        messages = List.copyOf(messages);
    }
}
