package org.levistream.ingest.resume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a job stood when its last transaction committed; the value of the progress topic, as JSON (readable with any
 * console consumer).
 *
 * <p>The resume contract: the job's topics hold exactly the records of the first {@code results} results of the
 * ordered source, and the pretrain file's first {@code pretrainBytes} bytes hold exactly its share of them. A run
 * that reads the same source in the same order and routes by the same split file may therefore skip {@code results}
 * results, truncate the pretrain file to {@code pretrainBytes}, and go on.
 *
 * @param job               the job
 * @param results           results consumed and fully handled (published, written, dead-lettered or dropped)
 * @param completed         whether the source was read to its end
 * @param sourceFingerprint the inputs' {@link Fingerprints fingerprint}
 * @param planFingerprint   the split file's fingerprint
 * @param order             the pacing order, see {@link org.levistream.ingest.pacing.Pacing#order()}
 * @param pretrainFile      the pretrain file written to, if any yet
 * @param pretrainBytes     the pretrain file's committed length; 0 when there is none
 * @param counts            the job's totals at this position
 * @param committedAt       when the position was written (wall clock, informational)
 */
public record CommittedPosition(JobId job, long results, boolean completed, String sourceFingerprint,
                                String planFingerprint, String order, Optional<String> pretrainFile, long pretrainBytes,
                                IngestCounts counts, Instant committedAt) {
    /** The version of the JSON layout; readers refuse newer ones. */
    public static final int FORMAT = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Checks for nulls and negative counts. */
    public CommittedPosition {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(sourceFingerprint, "sourceFingerprint");
        Objects.requireNonNull(planFingerprint, "planFingerprint");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(pretrainFile, "pretrainFile");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(committedAt, "committedAt");
        if (results < 0 || pretrainBytes < 0) {
            throw new IllegalArgumentException("results and pretrainBytes must be at least 0, were " + results
                    + " and " + pretrainBytes);
        }
    }

    /** The JSON form, UTF-8. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode()
                .put("format", FORMAT)
                .put("job", job.value())
                .put("results", results)
                .put("completed", completed)
                .put("sourceFingerprint", sourceFingerprint)
                .put("planFingerprint", planFingerprint)
                .put("order", order)
                .put("pretrainBytes", pretrainBytes)
                .put("committedAt", committedAt.toString());
        pretrainFile.ifPresent(f -> root.put("pretrainFile", f));
        ObjectNode c = root.putObject("counts")
                .put("results", counts.results())
                .put("accepted", counts.accepted())
                .put("pretrain", counts.pretrain())
                .put("dropped", counts.dropped())
                .put("late", counts.late());
        counts.published().forEach(c.putObject("published")::put);
        counts.deadLettered().forEach(c.putObject("deadLettered")::put);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a position as JSON", e);
        }
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException when the bytes are not a position this version can read
     */
    public static CommittedPosition fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a committed position: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || root.path("format").asInt(-1) < 1) {
            throw new IllegalArgumentException("not a committed position (no format field)");
        }
        if (root.path("format").asInt() > FORMAT) {
            throw new IllegalArgumentException("committed position format " + root.path("format").asInt()
                    + " is newer than this version reads (" + FORMAT + ")");
        }
        JsonNode c = root.path("counts");
        IngestCounts counts = new IngestCounts(c.path("results").asLong(), c.path("accepted").asLong(),
                longs(c.path("published")), c.path("pretrain").asLong(), c.path("dropped").asLong(),
                c.path("late").asLong(), longs(c.path("deadLettered")));
        return new CommittedPosition(new JobId(root.path("job").asText()), root.path("results").asLong(),
                root.path("completed").asBoolean(), root.path("sourceFingerprint").asText(),
                root.path("planFingerprint").asText(), root.path("order").asText(),
                Optional.ofNullable(root.get("pretrainFile")).map(JsonNode::asText),
                root.path("pretrainBytes").asLong(), counts, Instant.parse(root.path("committedAt").asText()));
    }

    private static SortedMap<String, Long> longs(JsonNode node) {
        SortedMap<String, Long> map = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            map.put(e.getKey(), e.getValue().asLong());
        }
        return map;
    }
}
