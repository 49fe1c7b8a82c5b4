package org.levistream.experiment.offline;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.ingest.sources.DataSource;
import org.levistream.ingest.sources.SourceReaders;
import org.levistream.ingest.sources.SourceType;
import org.levistream.ingest.split.Delivery;
import org.levistream.ingest.split.Destination;
import org.levistream.ingest.split.RecordFacts;
import org.levistream.ingest.split.Routing;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.ingest.split.StableHash;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.schemas.domain.ImageEvent;

/**
 * Loads the image sources of the digits benchmark with the ingest readers, each under its domain tag, and routes
 * every image with the split file's router. The sources are those the split file declares ({@code sources:}), or
 * {@link #DEFAULT_SOURCES} when it declares none. With {@code config/split-digits.yaml}, MNIST's training file is the
 * live stream, MNIST's own test files (t10k) the ID test set, those test images rotated 30 degrees and the optical
 * digits are OOD sets, and Fashion-MNIST is the pre-training data.
 *
 * <p>A load reads only the sources whose domain some rule can send where that load needs: pre-training loads read the
 * sources routed to {@code pretrain}, the others every source routed anywhere else. So the experiment never decodes
 * Fashion-MNIST, and a declared source no rule routes is not read at all.
 */
public final class DigitsSplits {
    /** Domain tags, as the split file names them: MNIST's training file. */
    public static final String MNIST = "mnist";
    /** MNIST's own test files (t10k). */
    public static final String MNIST_TEST = "mnist-test";
    /** The 8x8 optical digits, upscaled. */
    public static final String OPTICAL = "optical-digits";
    /** Fashion-MNIST. */
    public static final String FASHION = "fashion-mnist";
    /** Classes of the benchmark: the digits 0-9, which an image folder's class folders must be named by. */
    public static final int CLASSES = 10;

    /** The sources read when the split file declares none: the fetch script's files, under {@code --data-dir}. */
    public static final List<DataSource> DEFAULT_SOURCES = List.of(
            DataSource.idx("mnist-train", "mnist/train-images-idx3-ubyte", "mnist/train-labels-idx1-ubyte", MNIST),
            DataSource.idx("mnist-test", "mnist/t10k-images-idx3-ubyte", "mnist/t10k-labels-idx1-ubyte", MNIST_TEST),
            DataSource.file("optical-digits", SourceType.DIGITS_CSV, "digits/digits.csv.gz", OPTICAL),
            DataSource.idx("fashion-mnist-train", "fashion-mnist/train-images-idx3-ubyte",
                    "fashion-mnist/train-labels-idx1-ubyte", FASHION),
            DataSource.idx("fashion-mnist-test", "fashion-mnist/t10k-images-idx3-ubyte",
                    "fashion-mnist/t10k-labels-idx1-ubyte", FASHION));

    private DigitsSplits() {}

    /**
     * Reads and routes the sources a load needs.
     *
     * @param dataDir  the data folder relative source paths are resolved against (the fetch script's)
     * @param plan     an {@code images} split plan
     * @param settings validation slice and caps; whether pre-training data are asked for
     * @return the sets
     * @throws org.levistream.common.config.InvalidConfigException if a source cannot be read as declared, or the data
     *                                                             and the rules do not fit together
     */
    public static OfflineSplits load(Path dataDir, SplitPlan plan, LoadSettings settings) {
        List<DataSource> sources = sources(plan);
        Loader loader = new Loader(plan, settings, sources);
        Predicate<Destination> needed = settings.loadPretrain()
                ? to -> to.kind() == Destination.Kind.PRETRAIN
                : to -> to.kind() != Destination.Kind.PRETRAIN && to.kind() != Destination.Kind.DROP;
        for (DataSource source : sources) {
            if (plan.mayRoute(source.domain(), needed)) {
                loader.readAll(SourceReaders.images(source, dataDir, CLASSES));
            }
        }
        return loader.splits();
    }

    /** The plan's declared sources, or the defaults. */
    public static List<DataSource> sources(SplitPlan plan) {
        return plan.sources().isEmpty() ? DEFAULT_SOURCES : plan.sources();
    }

    /** Routes images into sets, honouring the caps; a shifted copy is kept exactly when its original is. */
    private static final class Loader {
        private final SplitRouter router;
        private final LoadSettings settings;
        private final ImageFeaturizer featurizer = ImageFeaturizer.mnist();
        private final ImageSet pretrain;
        private final ImageSet train;
        private final ImageSet validation;
        private final ImageSet idTest;
        private final Map<String, ImageSet> ood = new LinkedHashMap<>();
        private final Set<String> seenIds = new HashSet<>();
        private final SplitCoverage coverage;

        Loader(SplitPlan plan, LoadSettings settings, List<DataSource> sources) {
            this.router = new SplitRouter(plan);
            this.coverage = new SplitCoverage(plan);
            coverage.known(sources.stream().map(DataSource::domain).toArray(String[]::new));
            this.settings = settings;
            this.pretrain = new ImageSet("pretrain", featurizer);
            this.train = new ImageSet("train", featurizer);
            this.validation = new ImageSet("validation", featurizer);
            this.idTest = new ImageSet("id-test", featurizer);
        }

        void readAll(RecordReader<ImageEvent> reader) {
            try (reader) {
                while (reader.hasNext()) {
                    if (reader.next() instanceof ReadResult.Accepted<ImageEvent> a) {
                        route(a.value());
                    }
                }
            }
        }

        private void route(ImageEvent image) {
            coverage.saw(RecordFacts.of(image));
            Routing<ImageEvent> routing = router.route(image);
            boolean originalKept = true;
            for (Delivery<ImageEvent> d : routing.deliveries()) {
                ImageSet target = target(d, image);
                if (!d.copy()) {
                    originalKept = target != null;
                }
                // A copy of an original over its cap is dropped too, so an OOD copy set shifts the ID test images.
                if (target != null && (originalKept || !d.copy()) && seenIds.add(d.record().id())) {
                    target.add(d.record().toByteArray(), d.record().label(), d.record().id());
                }
            }
        }

        private ImageSet target(Delivery<ImageEvent> d, ImageEvent original) {
            return switch (d.destination().kind()) {
                case PRETRAIN -> settings.loadPretrain() ? pretrain : null;
                case LIVE -> StableHash.unit(RecordFacts.of(original).recordKey(), settings.validationSeed())
                        < settings.validationFraction()
                        ? capped(validation, settings.validationLimit()) : capped(train, settings.trainLimit());
                case HOLDOUT -> capped(idTest, settings.testLimit());
                case OOD -> capped(ood.computeIfAbsent("ood." + d.destination().oodName(),
                        name -> new ImageSet(name, featurizer)), settings.oodLimit());
                case DROP -> null;
            };
        }

        private static ImageSet capped(ImageSet set, int limit) {
            return LoadSettings.fits(limit, set.size()) ? set : null;
        }

        OfflineSplits splits() {
            // A pre-training load reads only the pre-training sources, so it routes nothing to the OOD sets.
            if (!settings.loadPretrain()) {
                coverage.check(ood);
            }
            return new OfflineSplits(pretrain, train, validation, idTest, new LinkedHashMap<>(ood));
        }
    }
}
