package org.levistream.ingest.publish;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.levistream.ingest.resume.JobId;

/**
 * The producer settings of an ingest job: ours (lz4, 5 ms linger, 256 KiB batches), then the user's, then those
 * exactly-once rests on (idempotence, {@code acks=all}, the job's transactional id), which nobody overrides.
 */
public final class ProducerSettings {
    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    private static final int BATCH_SIZE = 256 * 1024;
    private static final int LINGER_MS = 5;

    private ProducerSettings() {
    }

    /** The settings for {@code job}; a fresh, mutable map. */
    public static Map<String, Object> of(IngestConfig config, JobId job) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Batches fill in well under 5 ms at full speed; the linger only matters for paced, trickling runs.
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "levi-ingest-" + job.value());
        props.putAll(config.producer());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, job.transactionalId());
        return props;
    }

    /** The {@code max.request.size} in {@code props}. */
    static int maxRequestSize(Map<String, Object> props) {
        Object value = props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.toString().trim());
    }
}
