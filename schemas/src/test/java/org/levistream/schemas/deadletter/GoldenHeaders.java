package org.levistream.schemas.deadletter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The fixed dead letters whose headers the golden sample holds, and the sample's text form: one header a line,
 * {@code name<TAB>hex of the value bytes}, a blank line between dead letters. Run {@link #main} to rewrite the
 * sample on purpose (from the module folder); no test ever writes it.
 */
final class GoldenHeaders {
    static final Path SAMPLE = Path.of("src/test/resources/deadletter/headers-v1.txt");

    private GoldenHeaders() {
    }

    /** A trainer's dead letter of a consumed record that carried one header of its own. */
    static Headers consumedRecord() {
        var original = new RecordHeaders();
        original.add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));
        return DeadLetterHeaders.after(original, "trainer", "decode", "bad magic byte 7")
                .exception(new IllegalStateException("x"))
                .source("levi.interactions", 2, 1_234L)
                .headers();
    }

    /** Ingest's dead letter of a row it could not read, with a message longer than the limit. */
    static Headers ingestedRow() {
        return DeadLetterHeaders.of("ingest", "rating.out.of.range", "é".repeat(2_001))
                .sourceFile("data/movielens/movielens.csv", "line:12")
                .ingestJob("job-1")
                .headers();
    }

    static String text(List<Headers> deadLetters) {
        return deadLetters.stream()
                .map(h -> StreamSupport.stream(h.spliterator(), false)
                        .map(x -> x.key() + "\t" + HexFormat.of().formatHex(x.value()) + "\n")
                        .collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(SAMPLE, text(List.of(consumedRecord(), ingestedRow())), StandardCharsets.UTF_8);
        System.out.println("wrote " + SAMPLE.toAbsolutePath());
    }
}
