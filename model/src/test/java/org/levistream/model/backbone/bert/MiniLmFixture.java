package org.levistream.model.backbone.bert;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The pre-trained MiniLM encoder and its tokenizer for tests, read once per test JVM from the test-scope
 * langchain4j jar (so no test needs the fetched data folder). Shared and never closed: a test that unfreezes the
 * encoder must freeze it again.
 */
public final class MiniLmFixture {
    private static BertBackbone encoder;
    private static BertTokenizer tokenizer;

    private MiniLmFixture() {}

    /** The frozen encoder, on the CPU. */
    public static synchronized BertBackbone encoder() {
        if (encoder == null) {
            try (InputStream onnx = resource(MiniLm.ONNX_FILE)) {
                encoder = BertBackbone.read(onnx.readAllBytes(), Device.cpu());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return encoder;
    }

    /** Its tokenizer. */
    public static synchronized BertTokenizer tokenizer() {
        if (tokenizer == null) {
            try (InputStream json = resource(MiniLm.TOKENIZER_FILE)) {
                tokenizer = BertTokenizer.read(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokenizer;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MiniLmFixture.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IOException(name + " is not on the test classpath; it comes from " + MiniLm.ARTIFACT);
        }
        return in;
    }
}
