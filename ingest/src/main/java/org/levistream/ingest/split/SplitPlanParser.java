package org.levistream.ingest.split;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.sources.DataSource;
import org.levistream.ingest.sources.SourceType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Turns split-file YAML into a {@link SplitPlan}, collecting every problem before failing. Each problem names the
 * key by its path ({@code rules[2].match.sample.fraction}), the value found and what is allowed. Range rules live in
 * the records' constructors; their messages start with the setting's name, which this parser prefixes with the path.
 */
final class SplitPlanParser {
    private static final List<String> TOP_KEYS = List.of("records", "stream", "topicPrefix", "pretrainFile", "rules",
            "sources");
    private static final List<String> RULE_KEYS = List.of("name", "match", "to", "copy");
    private static final List<String> MATCH_KEYS = List.of("time", "genres", "categories", "cohort", "sample",
            "text", "domain");
    private static final List<String> COPY_KEYS = List.of("to", "transform", "domain");
    private static final List<String> TRANSFORM_KEYS = List.of("rotate", "noise", "blur", "contrast", "invert");
    private static final int MAX_ALIASES = 20;

    private final YamlValues values;
    private RecordKind kind;

    private SplitPlanParser(String origin) {
        this.values = new YamlValues(origin);
    }

    static SplitPlan parse(String yaml, String origin) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            throw new InvalidConfigException(List.of(origin + ": not valid YAML: " + e.getMessage().strip()
                    .replace('\n', ' ')));
        }
        return new SplitPlanParser(origin).plan(document);
    }

    private SplitPlan plan(Object document) {
        Map<String, Object> top = values.map(document, "", "a mapping with " + TOP_KEYS);
        if (top == null) {
            throw values.failure();
        }
        values.allowOnly(top, "", TOP_KEYS);
        kind = records(top.get("records"));
        TopicNames topics = topicNames(top);
        Optional<Path> pretrainFile = pretrainFile(top.get("pretrainFile"));
        List<SplitRule> rules = rules(top.get("rules"));
        List<DataSource> sources = top.get("sources") == null ? List.of() : sources(top.get("sources"));
        if (values.count() > 0) {
            throw values.failure();
        }
        return new SplitPlan(topics, kind, pretrainFile, rules, sources);
    }

    private RecordKind records(Object value) {
        for (RecordKind k : RecordKind.values()) {
            if (k.yamlName().equals(value)) {
                return k;
            }
        }
        values.problem("records", value, "interactions or images");
        return null;
    }

    private TopicNames topicNames(Map<String, Object> top) {
        String stream = values.optionalString(top.get("stream"), "stream", kind == null ? "interactions" : kind.yamlName());
        String prefix = values.optionalString(top.get("topicPrefix"), "topicPrefix", TopicNames.DEFAULT_PREFIX);
        try {
            return new TopicNames(prefix, stream);
        } catch (IllegalArgumentException e) {
            values.fromRecord("", e);
            return null;
        }
    }

    private Optional<Path> pretrainFile(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = values.string(value, "pretrainFile", "a file path");
        try {
            return text == null ? Optional.empty() : Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            values.problem("pretrainFile", value, "a valid file path (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    private List<DataSource> sources(Object value) {
        List<DataSource> sources = new ArrayList<>();
        List<Object> items = values.list(value, "sources", "a list of sources, each with name, type, its paths and "
                + "(images) domain");
        if (items == null) {
            return sources;
        }
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "sources[" + i + "]";
            DataSource source = source(items.get(i), path);
            if (source == null) {
                continue;
            }
            Integer before = names.putIfAbsent(source.name(), i);
            if (before != null) {
                values.add(path + ".name was '" + source.name() + "' but must be unique; sources[" + before
                        + "] has it too");
            }
            sources.add(source);
        }
        return sources;
    }

    private DataSource source(Object value, String path) {
        Map<String, Object> item = values.map(value, path, "a mapping with name, type, its paths and domain");
        if (item == null) {
            return null;
        }
        int before = values.count();
        String name = values.string(item.get("name"), path + ".name", "a non-blank, unique source name");
        SourceType type = sourceType(item.get("type"), path + ".type");
        if (type == null) {
            return null;                     // which keys are allowed depends on the type
        }
        String at = path + (name == null ? "" : " '" + name + "'") + " (" + type.yamlName() + ")";
        List<String> allowed = new ArrayList<>(List.of("name", "type"));
        if (type.images()) {
            allowed.add("domain");
        }
        allowed.addAll(type.pathKeys());
        allowed.addAll(type.optionalKeys());
        if (!type.images() && item.containsKey("domain")) {
            values.add(at + ".domain is not a setting here: interaction records carry no domain tag; route them "
                    + "by time, genres, cohort or sample");
        }
        values.allowOnly(item, at, allowed);
        if (kind != null && type.images() != (kind == RecordKind.IMAGES)) {
            values.add(at + ".type was '" + type.yamlName() + "', which gives " + (type.images() ? "images" : "interactions")
                    + ", but this file routes " + kind.yamlName() + " (records: " + kind.yamlName() + ")");
        }
        Map<String, String> paths = new java.util.LinkedHashMap<>();
        for (String key : type.pathKeys()) {
            paths.put(key, values.string(item.get(key), at + "." + key,
                    "a file or folder path, relative to the data folder or absolute"));
        }
        if (item.get("metadata") != null) {
            paths.put("metadata", values.string(item.get("metadata"), at + ".metadata", "a file path"));
        }
        String domain = type.images() ? values.string(item.get("domain"), at + ".domain",
                "the domain tag of its images, which rules match on (e.g. mnist)") : null;
        boolean invert = false;
        if (item.get("invert") != null) {
            if (item.get("invert") instanceof Boolean b) {
                invert = b;
            } else {
                values.problem(at + ".invert", item.get("invert"), "true (dark ink on light paper) or false");
            }
        }
        if (values.count() > before) {
            return null;
        }
        try {
            return new DataSource(name, type, paths, domain, invert);
        } catch (IllegalArgumentException e) {
            return values.fromRecord(at, e);
        }
    }

    private SourceType sourceType(Object value, String path) {
        String text = values.string(value, path, "one of " + SourceType.names());
        if (text == null) {
            return null;
        }
        Optional<SourceType> type = SourceType.of(text);
        if (type.isEmpty()) {
            values.problem(path, value, "one of " + SourceType.names());
        }
        return type.orElse(null);
    }

    private List<SplitRule> rules(Object value) {
        List<SplitRule> rules = new ArrayList<>();
        List<Object> items = values.list(value, "rules", "a list of rules");
        if (items == null) {
            return rules;
        }
        if (items.isEmpty()) {
            values.problem("rules", value, "a list of at least one rule");
        }
        Map<String, Integer> names = new HashMap<>();
        Integer catchAll = null;
        for (int i = 0; i < items.size(); i++) {
            String path = "rules[" + i + "]";
            SplitRule rule = rule(i, items.get(i), path);
            if (rule == null) {
                continue;
            }
            Integer before = names.putIfAbsent(rule.name(), i);
            if (before != null) {
                values.add(path + ".name was '" + rule.name() + "' but must be unique; rules[" + before
                        + "] has it too");
            }
            if (catchAll != null) {
                values.add(path + " can never match: rules[" + catchAll + "] has no match and takes every record");
            } else if (rule.matchesEverything()) {
                catchAll = i;
            }
            rules.add(rule);
        }
        return rules;
    }

    private SplitRule rule(int index, Object value, String path) {
        Map<String, Object> rule = values.map(value, path, "a mapping with " + RULE_KEYS);
        if (rule == null) {
            return null;
        }
        values.allowOnly(rule, path, RULE_KEYS);
        int before = values.count();
        String name = values.optionalString(rule.get("name"), path + ".name", "rule-" + index);
        List<RecordMatcher> match = rule.get("match") == null ? List.of() : matchers(rule.get("match"), path + ".match");
        Destination to = destination(rule.get("to"), path + ".to");
        List<CopyRule> copies = copies(rule.get("copy"), path + ".copy");
        return values.count() > before ? null : new SplitRule(index, name, match, to, copies);
    }

    private List<RecordMatcher> matchers(Object value, String path) {
        List<RecordMatcher> matchers = new ArrayList<>();
        Map<String, Object> match = values.map(value, path, "a mapping with any of " + MATCH_KEYS);
        if (match == null) {
            return matchers;
        }
        values.allowOnly(match, path, MATCH_KEYS);
        if (match.containsKey("genres") && match.containsKey("categories")) {
            values.add(path + " has both genres and categories, which are one setting; keep one");
        }
        for (Map.Entry<String, Object> e : match.entrySet()) {
            String key = path + "." + e.getKey();
            RecordMatcher m = switch (e.getKey()) {
                case "time" -> time(e.getValue(), key);
                case "genres", "categories" -> forKind(RecordKind.INTERACTIONS, key) ? genres(e.getValue(), key) : null;
                case "cohort" -> forKind(RecordKind.INTERACTIONS, key) ? cohort(e.getValue(), key) : null;
                case "sample" -> sample(e.getValue(), key);
                case "text" -> forKind(RecordKind.INTERACTIONS, key) ? text(e.getValue(), key) : null;
                case "domain" -> forKind(RecordKind.IMAGES, key) ? domains(e.getValue(), key) : null;
                default -> null;
            };
            if (m != null) {
                matchers.add(m);
            }
        }
        return matchers;
    }

    private RecordMatcher time(Object value, String path) {
        Map<String, Object> range = values.map(value, path, "a mapping with from, until or both");
        if (range == null) {
            return null;
        }
        values.allowOnly(range, path, List.of("from", "until"));
        Instant from = range.get("from") == null ? null : values.instant(range.get("from"), path + ".from");
        Instant until = range.get("until") == null ? null : values.instant(range.get("until"), path + ".until");
        if ((from == null && range.get("from") != null) || (until == null && range.get("until") != null)) {
            return null;                     // already reported; "needs from or until" would only add noise
        }
        try {
            return new RecordMatcher.TimeRange(from, until);
        } catch (IllegalArgumentException e) {
            return values.fromRecord(path, e);
        }
    }

    private RecordMatcher genres(Object value, String path) {
        AnyNone sets = anyNone(value, path, "genre");
        try {
            return sets == null ? null : new RecordMatcher.Genres(sets.any(), sets.none());
        } catch (IllegalArgumentException e) {
            return values.fromRecord(path, e);
        }
    }

    /** {@code {anyWord: [...]}}, or the list (or one word) alone. */
    private RecordMatcher text(Object value, String path) {
        Object words = value;
        String wordsPath = path;
        if (!(value instanceof String || value instanceof List)) {
            Map<String, Object> text = values.map(value, path, "a word, a list of words, or a mapping with anyWord");
            if (text == null || !values.allowOnly(text, path, List.of("anyWord"))) {
                return null;
            }
            words = text.get("anyWord");
            wordsPath = path + ".anyWord";
        }
        Set<String> any = names(words, wordsPath, "word");
        try {
            return any == null ? null : new RecordMatcher.Words(any);
        } catch (IllegalArgumentException e) {
            return values.fromRecord(path, e);
        }
    }

    private RecordMatcher domains(Object value, String path) {
        AnyNone sets = anyNone(value, path, "domain");
        try {
            return sets == null ? null : new RecordMatcher.Domains(sets.any(), sets.none());
        } catch (IllegalArgumentException e) {
            return values.fromRecord(path, e);
        }
    }

    private record AnyNone(Set<String> any, Set<String> none) {
    }

    /** A name, a list of names (both: anyOf) or {anyOf, noneOf}. */
    private AnyNone anyNone(Object value, String path, String what) {
        String allowed = "a " + what + ", a list of them, or a mapping with anyOf and/or noneOf";
        if (value instanceof String || value instanceof List) {
            Set<String> any = names(value, path, what);
            return any == null ? null : new AnyNone(any, Set.of());
        }
        Map<String, Object> sets = values.map(value, path, allowed);
        if (sets == null) {
            return null;
        }
        values.allowOnly(sets, path, List.of("anyOf", "noneOf"));
        Set<String> any = sets.get("anyOf") == null ? Set.of() : names(sets.get("anyOf"), path + ".anyOf", what);
        Set<String> none = sets.get("noneOf") == null ? Set.of() : names(sets.get("noneOf"), path + ".noneOf", what);
        return any == null || none == null ? null : new AnyNone(any, none);
    }

    private Set<String> names(Object value, String path, String what) {
        List<Object> items = value instanceof String ? List.of(value) : values.list(value, path, "a list of " + what + "s");
        if (items == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String name = values.string(items.get(i), path + "[" + i + "]", "a non-blank " + what + " name");
            if (name != null) {
                names.add(name);
            }
        }
        return names.size() == items.size() ? names : null;
    }

    private RecordMatcher cohort(Object value, String path) {
        Map<String, Object> cohort = values.map(value, path, "a mapping with buckets, in and optionally salt");
        if (cohort == null) {
            return null;
        }
        values.allowOnly(cohort, path, List.of("buckets", "in", "salt"));
        Long buckets = values.integer(cohort.get("buckets"), path + ".buckets", "a whole number of buckets, at least 2");
        Long salt = cohort.get("salt") == null ? Long.valueOf(0) : values.integer(cohort.get("salt"), path + ".salt",
                "a whole number (the hash seed)");
        Object inValue = cohort.get("in");
        List<Object> in = inValue instanceof Number ? List.of(inValue)
                : values.list(inValue, path + ".in", "a list of bucket numbers");
        TreeSet<Integer> buckets2 = new TreeSet<>();
        if (in != null) {
            for (int i = 0; i < in.size(); i++) {
                Long b = values.integer(in.get(i), path + ".in[" + i + "]", "a bucket number");
                if (b != null) {
                    buckets2.add(b.intValue());
                }
            }
        }
        if (buckets == null || salt == null || in == null || buckets2.size() != in.size()
                || !values.fitsInt(buckets, path + ".buckets") || !values.fitsInt(salt, path + ".salt")) {
            return null;
        }
        try {
            return new RecordMatcher.Cohort(buckets.intValue(), buckets2, salt.intValue());
        } catch (IllegalArgumentException e) {
            return values.fromRecord(path, e);
        }
    }

    private RecordMatcher sample(Object value, String path) {
        Double fraction;
        Long seed = 0L;
        if (value instanceof Number) {
            fraction = values.number(value, path, "a fraction in (0, 1]");
        } else {
            Map<String, Object> sample = values.map(value, path, "a fraction, or a mapping with fraction and seed");
            if (sample == null) {
                return null;
            }
            values.allowOnly(sample, path, List.of("fraction", "seed"));
            fraction = values.number(sample.get("fraction"), path + ".fraction", "a fraction in (0, 1]");
            if (sample.get("seed") != null) {
                seed = values.integer(sample.get("seed"), path + ".seed", "a whole number");
            }
        }
        if (fraction == null || seed == null) {
            return null;
        }
        try {
            return new RecordMatcher.Sample(fraction, seed);
        } catch (IllegalArgumentException e) {
            return values.fromRecord(path, e);
        }
    }

    private List<CopyRule> copies(Object value, String path) {
        List<CopyRule> copies = new ArrayList<>();
        if (value == null) {
            return copies;
        }
        List<Object> items = values.list(value, path, "a list of copies, each with to and optionally transform, domain");
        if (items == null) {
            return copies;
        }
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            Map<String, Object> copy = values.map(items.get(i), itemPath, "a mapping with " + COPY_KEYS);
            if (copy == null) {
                continue;
            }
            values.allowOnly(copy, itemPath, COPY_KEYS);
            Destination to = destination(copy.get("to"), itemPath + ".to");
            List<ImageTransform> transforms = copy.get("transform") == null ? List.of()
                    : forKind(RecordKind.IMAGES, itemPath + ".transform")
                    ? transforms(copy.get("transform"), itemPath + ".transform") : null;
            String domain = null;
            if (copy.get("domain") != null && forKind(RecordKind.IMAGES, itemPath + ".domain")) {
                domain = values.string(copy.get("domain"), itemPath + ".domain", "a non-blank domain tag");
            }
            if (to == null || transforms == null) {
                continue;
            }
            try {
                copies.add(new CopyRule(to, transforms, Optional.ofNullable(domain)));
            } catch (IllegalArgumentException e) {
                values.fromRecord(itemPath, e);
            }
        }
        return copies;
    }

    private List<ImageTransform> transforms(Object value, String path) {
        List<Object> steps = value instanceof List ? values.list(value, path, "") : List.of(value);
        List<ImageTransform> transforms = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < steps.size(); i++) {
            String stepPath = value instanceof List ? path + "[" + i + "]" : path;
            Map<String, Object> step = values.map(steps.get(i), stepPath, "a mapping with any of " + TRANSFORM_KEYS);
            if (step == null) {
                ok = false;
                continue;
            }
            ok &= values.allowOnly(step, stepPath, TRANSFORM_KEYS);
            for (Map.Entry<String, Object> e : step.entrySet()) {
                ImageTransform t = transform(e.getKey(), e.getValue(), stepPath);
                ok &= t != null || !TRANSFORM_KEYS.contains(e.getKey());
                if (t != null) {
                    transforms.add(t);
                }
            }
        }
        if (transforms.isEmpty() && ok) {
            values.problem(path, value, "at least one of " + TRANSFORM_KEYS);
            ok = false;
        }
        return ok ? transforms : null;
    }

    private ImageTransform transform(String key, Object value, String path) {
        String keyPath = path + "." + key;
        try {
            return switch (key) {
                case "rotate" -> YamlValues.ifSet(values.number(value, keyPath, "degrees in [-360, 360]"), ImageTransform.Rotate::new);
                case "blur" -> YamlValues.ifSet(values.integer(value, keyPath, "a radius in [1, 14] pixels"),
                        r -> new ImageTransform.Blur((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, r))));
                case "contrast" -> YamlValues.ifSet(values.number(value, keyPath, "a factor in [0, 10]"), ImageTransform.Contrast::new);
                case "noise" -> noise(value, keyPath);
                case "invert" -> {
                    if (!Boolean.TRUE.equals(value)) {
                        values.problem(keyPath, value, "true (leave it out for no inversion)");
                        yield null;
                    }
                    yield new ImageTransform.Invert();
                }
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return values.fromRecord(path, e);
        }
    }

    private ImageTransform noise(Object value, String path) {
        Double sigma;
        Long seed = 0L;
        if (value instanceof Number) {
            sigma = values.number(value, path, "a sigma in (0, 255], or a mapping with sigma and seed");
        } else {
            Map<String, Object> noise = values.map(value, path, "a sigma, or a mapping with sigma and seed");
            if (noise == null) {
                return null;
            }
            values.allowOnly(noise, path, List.of("sigma", "seed"));
            sigma = values.number(noise.get("sigma"), path + ".sigma", "a standard deviation in (0, 255] pixel units");
            if (noise.get("seed") != null) {
                seed = values.integer(noise.get("seed"), path + ".seed", "a whole number");
            }
        }
        if (sigma == null || seed == null) {
            return null;
        }
        try {
            return new ImageTransform.Noise(sigma, seed);
        } catch (IllegalArgumentException e) {
            return values.fromRecord(path, e);      // the message names sigma; the path ends in .noise
        }
    }

    private Destination destination(Object value, String path) {
        String text = values.string(value, path, Destination.ALLOWED);
        if (text == null) {
            return null;
        }
        try {
            return Destination.parse(text);
        } catch (IllegalArgumentException e) {
            return values.fromRecord(path, e);
        }
    }

    private boolean forKind(RecordKind needed, String path) {
        if (kind != null && kind != needed) {
            values.add(path + " applies to " + needed.yamlName() + " only, but this file routes "
                    + kind.yamlName() + " (records: " + kind.yamlName() + ")");
            return false;
        }
        return true;
    }
}
