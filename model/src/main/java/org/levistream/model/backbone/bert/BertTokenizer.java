package org.levistream.model.backbone.bert;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns texts into the {@code [ids, mask]} a {@link BertBackbone} takes, with the model's own WordPiece tokenizer
 * ({@code tokenizer.json}, run by DJL's Hugging Face tokenizers library, whose native code ships in its jar).
 *
 * <p>As sentence-transformers does: lower-cased, {@code [CLS] ... [SEP]}, truncated to
 * {@link BertBackbone#MAX_LENGTH} tokens, padded with id 0 to the batch's longest text. The file's own fixed
 * 128-token padding and truncation are replaced by these.
 */
public final class BertTokenizer implements AutoCloseable {
    private static final Map<String, String> OPTIONS = Map.of("padding", "true", "truncation", "true",
            "maxLength", Integer.toString(BertBackbone.MAX_LENGTH), "addSpecialTokens", "true");
    private final HuggingFaceTokenizer tokenizer;

    private BertTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Opens a {@code tokenizer.json} file.
     *
     * @param file e.g. {@code all-minilm-l6-v2-tokenizer.json}
     * @return the tokenizer; the caller closes it
     * @throws IOException if the file cannot be read or is not a tokenizer
     */
    public static BertTokenizer open(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /**
     * Reads a {@code tokenizer.json} from a stream, e.g. a jar's resource.
     *
     * @param in the file's bytes; not closed
     * @return the tokenizer; the caller closes it
     * @throws IOException if the bytes are not a tokenizer
     */
    public static BertTokenizer read(InputStream in) throws IOException {
        try {
            return new BertTokenizer(HuggingFaceTokenizer.newInstance(in, OPTIONS));
        } catch (RuntimeException e) {
            throw new IOException("not a Hugging Face tokenizer.json: " + e.getMessage(), e);
        }
    }

    /**
     * Tokenizes texts into one padded batch.
     *
     * @param texts   the batch
     * @param manager where the arrays are created
     * @return {@code [ids, mask]}, both {@code [texts, T]} int64, T the longest text's length
     */
    public NDList encode(List<String> texts, NDManager manager) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int t = encodings.length == 0 ? 0 : encodings[0].getIds().length;
        long[] ids = new long[encodings.length * t];
        long[] mask = new long[encodings.length * t];
        for (int i = 0; i < encodings.length; i++) {
            System.arraycopy(encodings[i].getIds(), 0, ids, i * t, t);
            System.arraycopy(encodings[i].getAttentionMask(), 0, mask, i * t, t);
        }
        Shape shape = new Shape(encodings.length, t);
        return new NDList(manager.create(ids, shape), manager.create(mask, shape));
    }

    /**
     * Returns the token ids of each text, padded to the longest.
     *
     * @param texts the batch
     * @return one row per text, {@code [CLS]} (101) first, padding 0 last
     */
    public long[][] ids(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        long[][] out = new long[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            out[i] = encodings[i].getIds();
        }
        return out;
    }

    /** Releases the native tokenizer. */
    @Override
    public void close() {
        tokenizer.close();
    }
}
