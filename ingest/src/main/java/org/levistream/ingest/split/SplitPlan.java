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
import org.levistream.ingest.sources.DataSource;

/**
 * A parsed split file: which records it routes, how its topics are named, and its rules in order.
 *
 * <p>The file format:
 * <pre>{@code
 * records: interactions          # or images (required)
 * stream: interactions           # the topics' stream name; default: the records value
 * topicPrefix: levi.             # default levi.
 * pretrainFile: data/pretrain/movielens.avro   # optional: where pretrain records go
 * sources:                       # optional: what levi experiment reads; none = the benchmark's built-in sources
 *   - name: my-digits            # unique; messages name it
 *     type: image-folder         # idx | image-folder | digits-csv | movielens-csv | amazon-jsonl
 *     path: ood/my-digits        # relative to the data folder (--data-dir), or absolute; idx: images + labels
 *     domain: my-digits          # images only: the domain tag rules match on
 *     invert: true               # image-folder only: dark ink on light paper
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
 * @param sources      the sources the file declares, in order; empty when it declares none
 */
public record SplitPlan(TopicNames topics, RecordKind records, Optional<Path> pretrainFile, List<SplitRule> rules,
                        List<DataSource> sources) {
    /** Checks for nulls and copies the rules and sources. */
    public SplitPlan {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(pretrainFile, "pretrainFile");
        rules = List.copyOf(rules);
        sources = List.copyOf(sources);
    }

    /** A plan that declares no sources. */
    public SplitPlan(TopicNames topics, RecordKind records, Optional<Path> pretrainFile, List<SplitRule> rules) {
        this(topics, records, pretrainFile, rules, List.of());
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

    /**
     * Whether some rule can send an image of {@code domain} (or a copy of one) to a destination that {@code wanted}
     * accepts: a rule whose domain condition excludes it cannot; any other might, whatever its other conditions.
     */
    public boolean mayRoute(String domain, java.util.function.Predicate<Destination> wanted) {
        RecordFacts facts = new RecordFacts(domain, null, java.time.Instant.EPOCH, List.of(), domain, "");
        for (SplitRule rule : rules) {
            boolean domainFits = rule.match().stream().filter(m -> m instanceof RecordMatcher.Domains)
                    .allMatch(m -> m.matches(facts));
            if (domainFits && (wanted.test(rule.to()) || rule.copies().stream().anyMatch(c -> wanted.test(c.to())))) {
                return true;
            }
        }
        return false;
    }

    /** Whether any rule sends records, or copies, to {@code pretrain}. */
    public boolean usesPretrain() {
        return rules.stream().anyMatch(r -> r.to().kind() == Destination.Kind.PRETRAIN
                || r.copies().stream().anyMatch(c -> c.to().kind() == Destination.Kind.PRETRAIN));
    }
}
