package org.levistream.experiment.protocol;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.levistream.experiment.offline.AmazonSplits;
import org.levistream.experiment.offline.ColdStartIds;
import org.levistream.experiment.offline.DigitsSplits;
import org.levistream.experiment.offline.LoadSettings;
import org.levistream.experiment.offline.MovieLensSplits;
import org.levistream.experiment.offline.MovieLensTextSplits;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.experiment.offline.RatingSet;
import org.levistream.experiment.pretrain.BackbonePretraining;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.backbone.bert.TextViewTopLayers;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.experiment.offline.TextBackbones;
import org.levistream.experiment.offline.TextSet;
import org.levistream.model.levi.Method;

/**
 * One benchmark of {@code levi experiment}, end to end: its splits are loaded (and, for MovieLens, cold-start ids
 * applied), the {@link Protocol} runs against the benchmark's pre-trained backbone, and the results are written as
 * Markdown, JSON and SVG with the run's provenance.
 */
public final class OfflineExperiment {
    /** The recommendation benchmark: RMSE/MAE, OOD = later ratings. */
    public static final String MOVIELENS = "movielens";
    /** The image benchmark: accuracy/NLL, OOD = rotated MNIST and optical digits. */
    public static final String DIGITS = "digits";
    /** The review-text benchmark: great/other accuracy/NLL, OOD = pet-food reviews; backbone: MiniLM. */
    public static final String AMAZON = "amazon";
    /** Every benchmark. */
    /**
     * Language-based MovieLens: the same ratings, split and protocol as {@link #MOVIELENS}, items read as text
     * through frozen all-MiniLM-L6-v2 ({@link MovieLensTextSplits}).
     */
    public static final String MOVIELENS_LM = "movielens-lm";
    public static final List<String> BENCHMARKS = List.of(MOVIELENS, DIGITS, AMAZON, MOVIELENS_LM);

    private OfflineExperiment() {}

    /**
     * What one benchmark run needs beyond the protocol's settings.
     *
     * @param benchmark   {@value #MOVIELENS}, {@value #DIGITS} or {@value #AMAZON}
     * @param name        suffix of the result files, for variants; {@code null} for none
     * @param unknownIds  MovieLens cold-start share: ids unseen in training are scored as one unknown id and this
     *                    share of training examples is shown with unknown ids; 0 keeps every id
     * @param idAdmission MovieLens id admission: an id gets its own row once it occurs in this many training
     *                    examples, rarer ones share the unknown row; 0 (off) or 1 gives every trained id its row
     * @param out         the results folder
     * @param commandLine the command line, recorded with the results
     * @param progress    whether each run's training progress is printed
     * @param resume      where finished runs are kept and reused ({@code --resume}); {@code null} for none
     * @param inputs      what the sets are made of (split file, data, caps), by name, for the resume folder's
     *                    identity
     */
    public record Run(String benchmark, String name, double unknownIds, int idAdmission, Path out,
                      String commandLine, boolean progress, Path resume, Map<String, String> inputs) {
        /** A run that keeps no finished runs. */
        public Run(String benchmark, String name, double unknownIds, int idAdmission, Path out, String commandLine,
                   boolean progress) {
            this(benchmark, name, unknownIds, idAdmission, out, commandLine, progress, null, Map.of());
        }

        /** Checks the benchmark and the cold-start settings. */
        public Run {
            inputs = Map.copyOf(inputs);
            if (!BENCHMARKS.contains(benchmark)) {
                throw new IllegalArgumentException("benchmark was " + benchmark + " but must be one of " + BENCHMARKS);
            }
            if (!(unknownIds >= 0 && unknownIds < 1)) {
                throw new IllegalArgumentException("unknownIds was " + unknownIds + " but must be in [0, 1)");
            }
            if (idAdmission < 0 || idAdmission > 0 && unknownIds > 0) {
                throw new IllegalArgumentException("idAdmission was " + idAdmission + " with unknownIds " + unknownIds
                        + " but must be at least 0, and 0 when unknownIds is set: they are two ways to the same row");
            }
        }
    }

    /**
     * What every run of an experiment depends on besides its method, setting and seed: a resume folder holds runs
     * of one identity only.
     */
    static Map<String, String> identity(Run run, String label, OfflineSplits splits, BackboneCatalog catalog,
                                        ProtocolSettings settings) throws IOException {
        Map<String, String> id = new java.util.TreeMap<>(run.inputs());
        id.put("benchmark", label);
        id.put("sets", "train " + splits.train().size() + ", validation " + splits.validation().size());
        String backbone = backboneName(run.benchmark());
        id.put("backbone", settings.methods().stream().noneMatch(Method::usesBackbone) ? "none"
                : backbone + " " + catalog.find(backbone).map(BackboneCatalog.Entry::sha256).orElse("not catalogued"));
        id.put("rule", settings.converges() ? "convergence, patience " + settings.patience() + ", at most "
                + settings.epochs() + " epochs" : "fixed, " + settings.epochs() + " epochs");
        id.put("batch size", Integer.toString(settings.batchSize()));
        if (settings.fineTuneEpochs() > 0) {
            // Written only when set: folders made before this setting existed hold the uncapped runs it defaults to.
            id.put("fine-tune max epochs", Integer.toString(settings.fineTuneEpochs()));
        }
        id.put("overrides", new java.util.TreeMap<>(settings.overrides()).toString());
        id.put("tap cache", settings.cacheEntries() > 0 ? "on" : "off");
        id.put("id tables", settings.zeroIdTables() ? "zeros" : "random");
        id.put("unknown ids", Double.toString(run.unknownIds()));
        id.put("id admission", Integer.toString(run.idAdmission()));
        return id;
    }

    /**
     * Names the pre-trained backbone a benchmark taps.
     *
     * @param benchmark {@value #MOVIELENS}, {@value #DIGITS} or {@value #AMAZON}
     * @return its catalogue name
     */
    public static String backboneName(String benchmark) {
        return switch (benchmark) {
            case DIGITS -> BackbonePretraining.FASHION;
            case AMAZON, MOVIELENS_LM -> MiniLm.CATALOG_NAME;
            default -> BackbonePretraining.MOVIELENS;
        };
    }

    /**
     * Whether a benchmark has a backbone for the methods that tap one: all of them do (amazon's is MiniLM).
     *
     * @param benchmark a benchmark name
     * @return true
     */
    public static boolean hasBackbone(String benchmark) {
        return BENCHMARKS.contains(benchmark);
    }

    /**
     * Computes the frozen views, and the token outputs below each searched top-layer count, of every text before the
     * protocol starts, so that step times are the methods' own; prints and returns what it took. Language-based
     * MovieLens' rows hold the views already, so for it only the token outputs are computed.
     */
    private static String warmUp(String benchmark, TextBackbones texts, ProtocolSettings settings,
                                 PrintWriter console) {
        List<Integer> tops = settings.methods().contains(Method.FT) || settings.methods().contains(Method.LP_FT)
                ? settings.search().fineTune().stream().map(SearchPoint::topLayers).filter(k -> k > 0).distinct()
                .toList() : List.of();
        boolean rows = benchmark.equals(MOVIELENS_LM);
        double seconds = rows ? texts.warmTokens(tops) : texts.warm(tops);
        String line = String.format(java.util.Locale.ROOT, "%s of %,d texts%s computed in %.0f s, one encoder "
                + "pass per text", rows ? "token outputs" : "views", texts.corpus().size(), tops.isEmpty() ? ""
                : (rows ? "" : " and their token outputs") + " below the top " + tops + " layer(s)", seconds);
        console.println(benchmark + ": " + line);
        console.flush();
        return line;
    }

    /**
     * The review-text benchmark's backbones: frozen views for the methods that keep MiniLM frozen, a fresh copy of its
     * top layers for FT and LP-FT.
     *
     * @param texts the shared MiniLM
     * @return the backbones
     */
    static RunBackbones textBackbones(TextBackbones texts) {
        return textBackbones(AMAZON, texts, texts.views(), texts::topLayers);
    }

    /**
     * Language-based MovieLens' backbones: the rating rows' frozen views for the methods that keep MiniLM frozen, the
     * rows with the item's views from a fresh copy of the top layers for FT and LP-FT ({@link TextViewTopLayers}).
     *
     * @param texts the shared MiniLM, over the item texts' corpus
     * @return the backbones
     */
    static RunBackbones ratingTextBackbones(TextBackbones texts) {
        return textBackbones(MOVIELENS_LM, texts, texts.ratingRows(), texts::ratingTopLayers);
    }

    private static RunBackbones textBackbones(String benchmark, TextBackbones texts, BackboneSource frozen,
                                              java.util.function.IntFunction<BackboneSource> topLayers) {
        return (method, k) -> {
            if (!method.evertrainsBackbone()) {
                return frozen;
            }
            if (k < 1) {
                throw new org.levistream.common.config.InvalidConfigException(List.of("the FT top-layer count was "
                        + k + " but the " + benchmark + " benchmark fine-tunes 1 to " + texts.layers()
                        + " top layers of MiniLM (--ft-top-layers)"));
            }
            return topLayers.apply(k);
        };
    }

    /**
     * Refuses methods a benchmark cannot run, naming them.
     *
     * @param benchmark a benchmark name
     * @param methods   the methods asked for
     * @throws org.levistream.common.config.InvalidConfigException if one needs a backbone the benchmark lacks
     */
    public static void checkMethods(String benchmark, List<Method> methods) {
        List<String> needBackbone = methods.stream().filter(Method::usesBackbone).map(Method::settingName).toList();
        if (!hasBackbone(benchmark) && !needBackbone.isEmpty()) {
            throw new org.levistream.common.config.InvalidConfigException(List.of("experiment.methods had "
                    + String.join(",", needBackbone) + " but the " + benchmark + " benchmark has no backbone yet "
                    + "(its MiniLM views are not wired), so only small-only can run on it"));
        }
    }

    /**
     * The sets' caps a benchmark runs with unless told otherwise: MovieLens and Amazon whole; digits 10,000 training, 1,000
     * validation and 2,000 images per test set (300, 100, 100 on {@code --quick}'s generated data). The validation
     * slice is drawn with seed 20240612, so every caller carves the same sets.
     *
     * @param benchmark          {@value #MOVIELENS}, {@value #DIGITS} or {@value #AMAZON}
     * @param validationFraction share of the live records held out for validation
     * @param trainLimit         cap on training examples; -1 for the default
     * @param testLimit          cap on the ID test set and each OOD set; -1 for the default
     * @param quick              whether the data are {@code --quick}'s generated ones
     * @return the load settings
     */
    /**
     * The methods {@link #MOVIELENS_LM} runs unless {@code --methods} names others: those whose backbone stays
     * frozen. FT, LP-FT and WiSE-FT of MiniLM's top layers run when asked for; they cost far more per step.
     */
    public static final List<String> FROZEN_METHODS = List.of("levi", "lp", "small-only", "levi-last-layer",
            "last-layer-head");

    /**
     * Tells whether a benchmark is MovieLens, as words or as GloVe rows: the id remedies apply to both.
     *
     * @param benchmark the name
     * @return for {@link #MOVIELENS} and {@link #MOVIELENS_LM}
     */
    public static boolean isMovieLens(String benchmark) {
        return benchmark.equals(MOVIELENS) || benchmark.equals(MOVIELENS_LM);
    }

    public static LoadSettings limits(String benchmark, double validationFraction, int trainLimit, int testLimit,
                                      boolean quick) {
        if (!benchmark.equals(DIGITS)) {          // MovieLens and Amazon are small enough to run whole
            int test = limit(testLimit, 0, 0, quick);
            return new LoadSettings(validationFraction, VALIDATION_SEED, limit(trainLimit, 0, 0, quick), 0, test, test,
                    false);
        }
        int test = limit(testLimit, 2000, 100, quick);
        return new LoadSettings(validationFraction, VALIDATION_SEED, limit(trainLimit, 10000, 300, quick),
                quick ? 100 : 1000, test, test, false);
    }

    /** The seed of the validation slice every benchmark run carves. */
    public static final long VALIDATION_SEED = 20240612L;

    private static int limit(int option, int realDefault, int quickDefault, boolean quick) {
        return option >= 0 ? option : quick ? quickDefault : realDefault;
    }

    /**
     * Loads a benchmark's pre-training, ID and OOD sets.
     *
     * @param benchmark {@value #MOVIELENS}, {@value #DIGITS} or {@value #AMAZON}
     * @param data      the data folder: the fetch script's, which the split file's source paths are relative to
     * @param plan      the benchmark's split plan, as ingest uses it
     * @param limits    validation share, seed and size caps
     * @return the splits
     * @throws IOException if the data cannot be read
     * @throws org.levistream.common.config.InvalidConfigException if the data and the plan do not fit together
     */
    public static OfflineSplits load(String benchmark, Path data, SplitPlan plan, LoadSettings limits)
            throws IOException {
        return load(benchmark, data, plan, limits, Device.cpu(), null);
    }

    /**
     * Loads a benchmark's sets, reporting the text encoder's work for {@link #MOVIELENS_LM}.
     *
     * @param benchmark one of {@link #BENCHMARKS}
     * @param data      the data folder
     * @param plan      the benchmark's split plan
     * @param limits    validation slice and caps
     * @param device    where a text encoder runs
     * @param console   told how long encoding took, or {@code null}
     * @return the sets
     * @throws IOException if a file cannot be read
     */
    public static OfflineSplits load(String benchmark, Path data, SplitPlan plan, LoadSettings limits, Device device,
                                     PrintWriter console) throws IOException {
        if (benchmark.equals(MOVIELENS_LM)) {
            MovieLensTextSplits.Loaded loaded = MovieLensTextSplits.load(data, plan, limits, device);
            if (console != null) {
                console.printf("%s: %,d distinct item texts encoded by MiniLM, each alone, while loading (%.0f s)%n",
                        benchmark, loaded.texts(), loaded.seconds());
                console.flush();
            }
            return loaded.splits();
        }
        if (benchmark.equals(AMAZON)) {
            return AmazonSplits.load(data.resolve("amazon/fine-foods.jsonl"), plan, limits);
        }
        if (benchmark.equals(MOVIELENS)) {
            return MovieLensSplits.fromSources(data, data.resolve("glove/glove-100d.bin"), plan, limits);
        }
        return DigitsSplits.load(data, plan, limits);
    }

    /**
     * Runs the protocol on one benchmark and writes its results.
     *
     * @param run      the benchmark and where its results go
     * @param splits   its sets, from {@link #load}
     * @param catalog  the pre-trained backbones
     * @param settings methods, seeds, epochs, batch size, overrides
     * @param device   where to train
     * @param console  the summary, per-run lines and the Markdown table
     * @return the files written: Markdown, JSON, SVG
     * @throws IOException if the backbone cannot be opened or the results not written
     */
    public static List<Path> run(Run run, OfflineSplits splits, BackboneCatalog catalog, ProtocolSettings settings,
                                 Device device, PrintWriter console) throws IOException {
        boolean movieLens = isMovieLens(run.benchmark());
        // Taken before the id remedies, which wrap the sets in views.
        TextCorpus itemTexts = splits.train() instanceof RatingSet ratings ? ratings.corpus() : null;
        boolean coldStart = run.unknownIds() > 0 && movieLens;
        boolean admission = run.idAdmission() > 1 && movieLens;
        String admitted = "";
        if (coldStart) {
            splits = new ColdStartIds((RatingSet) splits.train(), MovieLensSplits.BUCKETS, run.unknownIds(), 11)
                    .apply(splits);
        } else if (admission) {
            ColdStartIds ids = ColdStartIds.admitByCount((RatingSet) splits.train(), MovieLensSplits.BUCKETS,
                    run.idAdmission());
            splits = ids.apply(splits);
            admitted = ids.admitted(0) + " user and " + ids.admitted(1) + " item buckets admitted";
            console.println(run.benchmark() + ": id admission at " + run.idAdmission() + " training examples: "
                    + admitted);
        }
        console.println(run.benchmark() + ": " + splits.summary());
        checkMethods(run.benchmark(), settings.methods());
        boolean tapsBackbone = settings.methods().stream().anyMatch(Method::usesBackbone);
        if (!tapsBackbone) {
            // Small-only never opens a backbone.
            return runProtocol(run, splits, RunBackbones.always(null), catalog, settings, device, console, Map.of(),
                    coldStart, admission, admitted);
        }
        if (run.benchmark().equals(MOVIELENS_LM)) {
            // One encoder for every run: the views are already in the rows, and FT's copies read the item texts.
            if (itemTexts == null) {
                throw new IllegalArgumentException("the movielens-lm sets keep no item texts; load them with "
                        + "OfflineExperiment.load");
            }
            try (TextBackbones texts = TextBackbones.open(catalog, itemTexts, device)) {
                String warmUp = fineTunes(settings) ? "; " + warmUp(MOVIELENS_LM, texts, settings, console) : "";
                return runProtocol(run, splits, ratingTextBackbones(texts), catalog, settings, device, console,
                        Map.of("backbone", movieLensLmBackbone(settings) + warmUp), coldStart, admission, admitted);
            }
        }
        if (run.benchmark().equals(AMAZON)) {
            try (TextBackbones texts = TextBackbones.open(catalog, ((TextSet) splits.train()).corpus(), device)) {
                String warmUp = warmUp(AMAZON, texts, settings, console);
                return runProtocol(run, splits, textBackbones(texts), catalog, settings, device, console,
                        Map.of("text backbone", amazonBackbone(settings, warmUp)), coldStart, admission, admitted);
            }
        }
        return runProtocol(run, splits, RunBackbones.always(catalog.source(backboneName(run.benchmark()), device)),
                catalog, settings, device, console, Map.of(), coldStart, admission, admitted);
    }

    private static boolean fineTunes(ProtocolSettings settings) {
        return settings.methods().stream().anyMatch(Method::evertrainsBackbone);
    }

    private static String movieLensLmBackbone(ProtocolSettings settings) {
        return "all-MiniLM-L6-v2 (sha256 " + MiniLm.ONNX_SHA256 + "); each item read as the text 'Title (year). "
                + "Genre, Genre', each text encoded alone; user context = the mean of the views of the user's "
                + MovieLensSplits.RECENT_ITEMS + " latest items rated strictly before, plus mean rating - 3.5 and "
                + "fill; tap k = [item view k | user view k | 2 numbers], 770 wide, for the 7 taps (embeddings, "
                + "layer1..layer6); " + (fineTunes(settings) ? "FT and LP-FT train only a copy of MiniLM's top layers "
                + "(their count a searched setting: " + settings.search().fineTune().stream().map(SearchPoint::label)
                .toList() + "), run over the item text's cached token outputs of the frozen layers below, which "
                + "gives the item part of the top taps; the user context part stays the frozen views (20 history "
                + "texts through the layers per example would cost about 20 times the item's pass)"
                + (settings.fineTuneEpochs() > 0 ? "; at most " + settings.fineTuneEpochs() + " epochs per "
                + "fine-tuning phase" : "") : "every method keeps it frozen");
    }

    private static String amazonBackbone(ProtocolSettings settings, String warmUp) {
        return "all-MiniLM-L6-v2 (" + MiniLm.CATALOG_NAME + "), frozen views of every tap, each review encoded alone "
                + "once and shared by every run; FT and LP-FT train only MiniLM's top layers (their count a searched "
                + "setting: " + settings.search().fineTune().stream().map(SearchPoint::label).toList() + ") over the "
                + "cached output of the frozen layers below" + (settings.fineTuneEpochs() > 0 ? "; at most "
                + settings.fineTuneEpochs() + " epochs per fine-tuning phase" : "") + "; " + warmUp;
    }

    private static List<Path> runProtocol(Run run, OfflineSplits splits, RunBackbones backbones,
                                          BackboneCatalog catalog, ProtocolSettings settings, Device device,
                                          PrintWriter console, Map<String, String> backboneProvenance,
                                          boolean coldStart, boolean admission, String admitted) throws IOException {
        String label = run.name() == null ? run.benchmark() : run.benchmark() + "-" + run.name();
        Protocol protocol = new Protocol(label, splits, backbones, settings, device,
                new ConsoleListener(console, label), run.progress() ? console : null);
        Map<String, String> provenance = RunProvenance.describe(device);
        FinishedRuns finished = null;
        if (run.resume() != null) {
            finished = FinishedRuns.open(run.resume(), identity(run, label, splits, catalog, settings),
                    provenance.get("commit"));
            protocol.resumingFrom(finished);
            console.println(label + ": finished runs are kept in " + run.resume() + " (--resume)");
        }
        ExperimentResult result = protocol.run();
        if (finished != null) {
            provenance.put("resumed", finished.restored() + " runs read back from " + run.resume() + ", "
                    + finished.saved() + " trained now; trained by commits " + finished.commits());
        }
        provenance.putAll(backboneProvenance);
        if (coldStart) {
            provenance.put("cold-start ids", "ids unseen in training scored as one unknown id; " + run.unknownIds()
                    + " of training examples shown with unknown ids (--unknown-ids)");
        }
        if (admission) {
            provenance.put("id admission", "an id has its own row once it occurs in " + run.idAdmission()
                    + " training examples, rarer ones share the unknown row (--id-admission); " + admitted);
        }
        List<Path> files = ResultsWriter.write(run.out(), result, run.commandLine(), provenance);
        console.println(ResultsWriter.markdown(result, run.commandLine(), Map.of(),
                files.get(2).getFileName().toString()));
        console.println("wrote " + files);
        console.flush();
        return files;
    }
}
