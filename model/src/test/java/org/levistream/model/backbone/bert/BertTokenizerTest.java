package org.levistream.model.backbone.bert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ids fed to the encoder are the ones ONNX Runtime's model expects: BERT-uncased WordPiece ids from the model's
 * own vocabulary, {@code [CLS]} first and {@code [SEP]} last, truncated at 256 and padded with 0.
 */
class BertTokenizerTest {
    private static BertTokenizer tokenizer;
    private static JsonNode vocab;

    @BeforeAll
    static void open() throws IOException {
        try (InputStream in = BertTokenizerTest.class.getResourceAsStream("/" + MiniLm.TOKENIZER_FILE)) {
            byte[] json = in.readAllBytes();
            vocab = new ObjectMapper().readTree(json).path("model").path("vocab");
            tokenizer = BertTokenizer.read(new java.io.ByteArrayInputStream(json));
        }
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void givesTheVocabularysWordPieceIdsBetweenClsAndSep() {
        long[] ids = tokenizer.ids(List.of("Hello, World!"))[0];
        assertThat(ids).containsExactly(101, 7592, 1010, 2088, 999, 102);
        assertThat(ids).containsExactly(idsOf("[CLS]", "hello", ",", "world", "!", "[SEP]"));
    }

    @Test
    void splitsUnknownWordsIntoContinuationPieces() {
        long[] ids = tokenizer.ids(List.of("tokenization"))[0];
        assertThat(ids).containsExactly(idsOf("[CLS]", "token", "##ization", "[SEP]"));
    }

    @Test
    void truncatesAt256TokensKeepingSep() {
        long[] ids = tokenizer.ids(List.of("word ".repeat(400)))[0];
        assertThat(ids).hasSize(BertBackbone.MAX_LENGTH);
        assertThat(ids[0]).isEqualTo(101);
        assertThat(ids[ids.length - 1]).isEqualTo(102);
    }

    @Test
    void padsTheBatchToItsLongestTextWithZerosMaskedOut() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDList batch = tokenizer.encode(List.of("a b c d e", "a"), manager);
            assertThat(batch.get(0).getShape().getShape()).containsExactly(2, 7);
            long[] ids = batch.get(0).toLongArray();
            long[] mask = batch.get(1).toLongArray();
            assertThat(Arrays.copyOfRange(ids, 7, 14)).containsExactly(101, idsOf("a")[0], 102, 0, 0, 0, 0);
            assertThat(Arrays.copyOfRange(mask, 7, 14)).containsExactly(1, 1, 1, 0, 0, 0, 0);
            assertThat(Arrays.copyOfRange(mask, 0, 7)).containsOnly(1);
        }
    }

    private static long[] idsOf(String... pieces) {
        return Arrays.stream(pieces).mapToLong(p -> {
            assertThat(vocab.has(p)).as("vocabulary has %s", p).isTrue();
            return vocab.get(p).asLong();
        }).toArray();
    }
}
