package org.levistream.experiment.offline;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.BertTopLayers;
import org.levistream.model.backbone.bert.BertViews;
import org.levistream.model.backbone.bert.TextViewTopLayers;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.cache.TextViews;
import org.levistream.model.cache.TokenStates;

/**
 * The text benchmark's MiniLM for one experiment: one frozen pre-trained encoder, its frozen views
 * ({@link TextViews}) and, per depth, its lower layers' token outputs ({@link TokenStates}), all shared by every
 * run of every method, setting and seed, so that each text is encoded once per cache. Methods with a frozen
 * backbone open {@link BertViews}; FT and LP-FT open {@link BertTopLayers}, a fresh copy of the top layers per
 * run. Language-based MovieLens, whose rating rows already hold the frozen views, opens {@link TextViewTopLayers}
 * instead: the rows for the frozen methods, the rows with a fresh copy of the top layers over the item texts for FT
 * and LP-FT. Closing releases the encoder and the tokenizer.
 */
public final class TextBackbones implements AutoCloseable {
    private final BertBackbone encoder;
    private final BertTokenizer tokenizer;
    private final TextViews views;
    private final TextCorpus corpus;
    private final Map<Integer, TokenStates> below = new HashMap<>();

    private TextBackbones(BertBackbone encoder, BertTokenizer tokenizer, TextCorpus corpus) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.corpus = corpus;
        this.views = new TextViews(encoder, tokenizer);
    }

    /**
     * Opens the catalogued MiniLM ({@value MiniLm#CATALOG_NAME}) and its tokenizer.
     *
     * @param catalog where {@code levi pretrain --backbone minilm-l6} catalogued it
     * @param corpus  the texts the benchmark's batches number
     * @param device  where the encoder lives
     * @return the shared backbones; close them after the experiment
     * @throws IOException naming the commands to run when the encoder or its tokenizer is missing
     */
    public static TextBackbones open(BackboneCatalog catalog, TextCorpus corpus, Device device) throws IOException {
        BackboneCatalog.Entry entry = catalog.find(MiniLm.CATALOG_NAME).orElseThrow(() -> new NoSuchFileException(
                catalog.dir().resolve(BackboneCatalog.FILE).toString(), null, "has no " + MiniLm.CATALOG_NAME
                + " backbone; run 'scripts/fetch-data.sh --only minilm' and then 'levi pretrain --backbone "
                + MiniLm.CATALOG_NAME + " --out " + catalog.dir() + "'"));
        Object tokenizerPath = entry.provenance().get("tokenizer");
        Path tokenizerFile = tokenizerPath == null ? null : Path.of(tokenizerPath.toString());
        if (tokenizerFile == null || !Files.isRegularFile(tokenizerFile)) {
            throw new NoSuchFileException(String.valueOf(tokenizerPath), null, "the " + MiniLm.CATALOG_NAME
                    + " tokenizer is missing; run 'scripts/fetch-data.sh --only minilm' and then 'levi pretrain "
                    + "--backbone " + MiniLm.CATALOG_NAME + " --out " + catalog.dir() + "'");
        }
        BackboneSource source;
        try {
            source = catalog.source(MiniLm.CATALOG_NAME, device);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; for the text encoder run 'scripts/fetch-data.sh --only minilm' "
                    + "and then 'levi pretrain --backbone " + MiniLm.CATALOG_NAME + "'", e);
        }
        BertBackbone encoder = (BertBackbone) source.open();
        try {
            return new TextBackbones(encoder, BertTokenizer.open(tokenizerFile), corpus);
        } catch (IOException | RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /**
     * Wraps an open encoder and tokenizer (tests, benchmarks); closing the result closes both.
     *
     * @param encoder   the frozen encoder
     * @param tokenizer its tokenizer
     * @param corpus    the texts batches number
     * @return the shared backbones
     */
    public static TextBackbones of(BertBackbone encoder, BertTokenizer tokenizer, TextCorpus corpus) {
        return new TextBackbones(encoder, tokenizer, corpus);
    }

    /** A source of the frozen views (LEVI, LEVI on the last layer, LP, LAST_LAYER_HEAD). */
    public BackboneSource views() {
        return () -> new BertViews(encoder, views, corpus);
    }

    /**
     * A source of fresh copies of the top {@code k} layers, over the cached output of the layers below.
     *
     * @param k layers that train
     * @return the source
     */
    public BackboneSource topLayers(int k) {
        if (k < 1 || k > encoder.layers()) {
            throw new IllegalArgumentException("top layers was " + k + " but must be in [1, " + encoder.layers() + "]");
        }
        TokenStates states = tokenStates(encoder.layers() - k);
        return () -> new BertTopLayers(encoder, views, states, corpus, k);
    }

    /**
     * A source of language-based MovieLens' backbone for the methods that keep MiniLM frozen: the rows' views,
     * sliced as {@link org.levistream.model.backbone.bert.TextViewTaps} slices them.
     *
     * @return the source
     */
    public BackboneSource ratingRows() {
        return () -> new TextViewTopLayers(encoder, null);
    }

    /**
     * A source of language-based MovieLens' backbone for FT and LP-FT: the rows, with each item's view in the top
     * {@code k} taps from a fresh copy of the top {@code k} layers run over the item text (this source's corpus).
     *
     * @param k layers that train
     * @return the source
     */
    public BackboneSource ratingTopLayers(int k) {
        BackboneSource copies = topLayers(k);
        return () -> {
            BertTopLayers top = (BertTopLayers) copies.open();
            try {
                return new TextViewTopLayers(encoder, top);
            } catch (RuntimeException e) {
                top.close();
                throw e;
            }
        };
    }

    /**
     * Computes every text's token outputs below each of the given top-layer counts now, each text alone, and not its
     * views: language-based MovieLens' rows hold the item views already, so only FT's cached inputs are missing.
     *
     * @param topLayers the top-layer counts FT will train
     * @return seconds taken
     */
    public double warmTokens(List<Integer> topLayers) {
        long t0 = System.nanoTime();
        List<String> texts = corpus.all();
        for (int k : topLayers) {
            TokenStates states = tokenStatesBelowTop(k);
            texts.forEach(states::of);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Computes every text's frozen views and its token outputs below each of the given top-layer counts now, in one
     * encoder pass per text ({@link TextViews#warm}), so that no training step pays for encoding (a step's time is
     * then the method's own) and every later run reads them from the caches.
     *
     * @param topLayers the top-layer counts FT will train; empty for views only
     * @return seconds taken
     */
    public double warm(List<Integer> topLayers) {
        long t0 = System.nanoTime();
        views.warm(corpus.all(), topLayers.stream().map(this::tokenStatesBelowTop).toList());
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The texts the batches number. */
    public TextCorpus corpus() {
        return corpus;
    }

    private synchronized TokenStates tokenStates(int depth) {
        return below.computeIfAbsent(depth, d -> new TokenStates(encoder, tokenizer, d));
    }

    /** The shared frozen views. */
    public TextViews textViews() {
        return views;
    }

    /** The shared token outputs below the top {@code k} layers. */
    public TokenStates tokenStatesBelowTop(int k) {
        return tokenStates(encoder.layers() - k);
    }

    /** The encoder's layers. */
    public int layers() {
        return encoder.layers();
    }

    @Override
    public void close() {
        tokenizer.close();
        encoder.close();
    }
}
