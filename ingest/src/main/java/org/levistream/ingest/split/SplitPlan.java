package org.levistream.ingest.split;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.levistream.common.config.InvalidConfigException;

/**
 * A parsed split file: which records it routes, how its topics are named, and its rules in order.
 *
 * <p>The file format:
 * <pre>{@code
 * records: interactions          # or images (required)
 * stream: interactions           # the topics' stream name; default: the records value
 * topicPrefix: levi.             # default levi.
 * pretrainFile: data/pretrain/movielens.avro   # optional: where pretrain records go
 * rules:                         # first match wins; a record no rule matches is dropped
 *   - name: early                # optional
 *     match:                     # all conditions must hold; no match = every record
 *       time: {from: 2003-01-01, until: 2009-01-01}       # ISO dates (UTC) or instants; [from, until)
 *       genres: {anyOf: [Horror], noneOf: [Comedy]}       # or a list (= anyOf); alias: categories
 *       cohort: {buckets: 10, in: [0, 1], salt: 0}        # user id's MurmurHash3 bucket
 *       sample: {fraction: 0.1, seed: 7}                  # or a number (seed 0); per record
 *       text: {anyWord: [dog, dogs, cat]}                 # or a list; whole words of review text, summary,
 *                                                         # title; any case
 *       domain: mnist                                     # images: a name, a list, or {anyOf, noneOf}
 *     to: holdout                # live | holdout | ood.<name> | pretrain | drop
 *     copy:                      # optional extra copies
 *       - to: ood.rotated
 *         transform: {rotate: 30}   # images: rotate, noise ({sigma, seed} or sigma), blur, contrast, invert: true
 *         domain: mnist-rotated-30  # optional
 * }</pre>
 *
 * @param topics       the topic names
 * @param records      what the file routes
 * @param pretrainFile where {@code pretrain} records go, when the file says
 * @param rules        the rules, in order
 */
public record SplitPlan(TopicNames topics, RecordKind records, Optional<Path> pretrainFile, List<SplitRule> rules) {
    /** Checks for nulls and copies the rules. */
    public SplitPlan {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(pretrainFile, "pretrainFile");
        rules = List.copyOf(rules);
    }

    /** Reads and validates a split file; {@link InvalidConfigException} lists every problem, each with its key. */
    public static SplitPlan load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigException(List.of("split file " + file + " could not be read: " + e));
        }
        return parse(yaml, file.toString());
    }

    /** Parses and validates split-file text; {@code origin} names it in messages (e.g. the file name). */
    public static SplitPlan parse(String yaml, String origin) {
        return SplitPlanParser.parse(yaml, origin);
    }

    /** Every topic the rules can deliver to (copies included), sorted: the topics to create before ingesting. */
    public SortedSet<String> topicNames() {
        SortedSet<String> names = new TreeSet<>();
        for (SplitRule rule : rules) {
            topics.topic(rule.to()).ifPresent(names::add);
            rule.copies().forEach(copy -> topics.topic(copy.to()).ifPresent(names::add));
        }
        return names;
    }

    /** Whether any rule sends records, or copies, to {@code pretrain}. */
    public boolean usesPretrain() {
        return rules.stream().anyMatch(r -> r.to().kind() == Destination.Kind.PRETRAIN
                || r.copies().stream().anyMatch(c -> c.to().kind() == Destination.Kind.PRETRAIN));
    }
}
