package org.levistream.ingest.readers;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.levistream.schemas.domain.InteractionEvent;

/**
 * Reads Amazon product reviews, one JSON object per line ({@code reviewerID}, {@code asin}, {@code overall},
 * {@code unixReviewTime}, and optionally {@code reviewText}, {@code summary}), as interactions keyed by reviewer.
 *
 * <p>An optional metadata file (JSON lines with {@code asin}, {@code title}, and {@code categories} as a list of
 * lists, or the 2018 dumps' flat {@code category}) is loaded into memory and joined by {@code asin}: the title
 * becomes the item title and the categories, flattened in order without repeats, the genres. Metadata is enrichment:
 * a review of an item it lacks is still read, without title or genres. The summary goes to the context feature
 * {@value #SUMMARY}. Both files may use single-quoted strings, as the 2014 metadata dumps do, and may be gzipped.
 */
public final class AmazonReviews {
    /** The context key a review's summary is stored under. */
    public static final String SUMMARY = "summary";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private AmazonReviews() {
    }

    /** What the metadata file says about one product. */
    private record Product(String title, List<String> categories) {
    }

    /** Opens {@code reviews}, joined with {@code metadata} unless it is {@code null}. */
    public static RecordReader<InteractionEvent> open(Path reviews, Path metadata) {
        List<RejectedRow> metadataProblems = new ArrayList<>();
        Map<String, Product> products = metadata == null ? Map.of() : loadMetadata(metadata, metadataProblems);
        String source = metadata == null ? reviews.toString() : reviews + " + " + metadata;
        var reader = LineRecordReader.open(source, reviews, StandardCharsets.UTF_8,
                (line, n) -> line.isBlank() ? null : review(line, products));
        reader.emitFirst(metadataProblems);
        return reader;
    }

    private static InteractionEvent review(String line, Map<String, Product> products) throws RowException {
        JsonNode review = object(line);
        String asin = text(review, "asin");
        JsonNode overall = review.get("overall");
        InteractionEvent.Builder event = InteractionEvent.builder(text(review, "reviewerID"), asin, rating(overall),
                Fields.epochSeconds(number(review, "unixReviewTime"), "unixReviewTime"));
        event.reviewText(optionalText(review, "reviewText"));
        String summary = optionalText(review, SUMMARY);
        if (summary != null) {
            event.context(SUMMARY, summary);
        }
        Product product = products.get(asin);
        if (product != null) {
            event.title(product.title()).genres(product.categories());
        }
        return event.build();
    }

    private static Map<String, Product> loadMetadata(Path metadata, List<RejectedRow> problems) {
        Map<String, Product> products = new HashMap<>();
        String file = metadata.toString();
        long lineNumber = 0;
        try (BufferedReader in = SourceFiles.reader(metadata, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    addProduct(line, SourcePosition.line(file, lineNumber), products, problems);
                }
            }
        } catch (EOFException | ZipException e) {
            problems.add(new RejectedRow(SourcePosition.line(file, lineNumber + 1), RejectReason.TRUNCATED,
                    "the compressed metadata breaks off (" + e.getMessage() + "); later products are unknown", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        return products;
    }

    private static void addProduct(String line, SourcePosition position, Map<String, Product> products,
                                   List<RejectedRow> problems) {
        try {
            JsonNode node = object(line);
            String asin = text(node, "asin");
            if (products.putIfAbsent(asin, new Product(optionalText(node, "title"), categories(node))) != null) {
                problems.add(new RejectedRow(position, RejectReason.DUPLICATE_ITEM,
                        "asin " + asin + " was listed before; the first row is used", line));
            }
        } catch (RowException e) {
            problems.add(new RejectedRow(position, e.reason(), e.getMessage(), line));
        }
    }

    /** {@code categories} (list of lists) or {@code category} (flat), flattened in order, without repeats. */
    private static List<String> categories(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        collect(node.get("categories"), names);
        collect(node.get("category"), names);
        return List.copyOf(names);
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(child -> collect(child, names));
        } else if (node.isValueNode() && !node.asText().isBlank()) {
            names.add(node.asText().strip());
        }
    }

    private static JsonNode object(String line) throws RowException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RowException(RejectReason.UNPARSEABLE, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new RowException(RejectReason.UNPARSEABLE, "not a JSON object");
        }
        return node;
    }

    private static float rating(JsonNode overall) throws RowException {
        if (overall == null || overall.isNull()) {
            throw new RowException(RejectReason.MISSING_FIELD, "overall is missing");
        }
        if (overall.isNumber()) {
            return Fields.checkRating(overall.doubleValue(), overall.asText());
        }
        return Fields.rating(overall.asText());
    }

    private static String text(JsonNode node, String field) throws RowException {
        return Fields.required(optionalText(node, field), field);
    }

    private static String number(JsonNode node, String field) throws RowException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new RowException(RejectReason.MISSING_FIELD, field + " is missing");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }
}
