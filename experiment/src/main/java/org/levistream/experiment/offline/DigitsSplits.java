package org.levistream.experiment.offline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.levistream.ingest.readers.ImageReaders;
import org.levistream.ingest.readers.ImageSourceOptions;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.ingest.split.Delivery;
import org.levistream.ingest.split.RecordFacts;
import org.levistream.ingest.split.Routing;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.ingest.split.StableHash;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.schemas.domain.ImageEvent;

/**
 * Loads the image sources of the digits benchmark with the ingest readers, each under its domain tag, and routes
 * every image with the split file's router: with {@code config/split-digits.yaml}, MNIST is the live stream and its
 * held-out slice, the held-out slice rotated 30 degrees and the optical digits are OOD sets, and Fashion-MNIST is the
 * pre-training data.
 */
public final class DigitsSplits {
    /** Domain tags, as the split file names them. */
    public static final String MNIST = "mnist";
    /** The 8x8 optical digits, upscaled. */
    public static final String OPTICAL = "optical-digits";
    /** Fashion-MNIST. */
    public static final String FASHION = "fashion-mnist";

    private DigitsSplits() {}

    /**
     * Reads and routes every source present under {@code dataDir}.
     *
     * @param dataDir  the fetch script's data folder ({@code mnist/}, {@code digits/}, {@code fashion-mnist/})
     * @param plan     an {@code images} split plan
     * @param settings validation slice and caps; Fashion-MNIST is read only when it asks for pre-training data
     * @return the sets
     */
    public static OfflineSplits load(Path dataDir, SplitPlan plan, LoadSettings settings) {
        Loader loader = new Loader(plan, settings);
        if (settings.loadPretrain()) {
            idx(loader, dataDir.resolve("fashion-mnist"), FASHION, "train");
            idx(loader, dataDir.resolve("fashion-mnist"), FASHION, "t10k");
        } else {
            idx(loader, dataDir.resolve("mnist"), MNIST, "train");
            idx(loader, dataDir.resolve("mnist"), MNIST, "t10k");
            Path digits = dataDir.resolve("digits").resolve("digits.csv.gz");
            if (Files.exists(digits)) {
                loader.readAll(ImageReaders.digitsCsv(digits, ImageSourceOptions.of(OPTICAL)));
            }
        }
        return loader.splits();
    }

    private static void idx(Loader loader, Path dir, String domain, String part) {
        Path images = dir.resolve(part + "-images-idx3-ubyte");
        Path labels = dir.resolve(part + "-labels-idx1-ubyte");
        if (Files.exists(images) && Files.exists(labels)) {
            loader.readAll(ImageReaders.idx(images, labels, ImageSourceOptions.of(domain)));
        }
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

        Loader(SplitPlan plan, LoadSettings settings) {
            this.router = new SplitRouter(plan);
            this.coverage = new SplitCoverage(plan);
            coverage.known(MNIST, OPTICAL, FASHION);
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
            // A pre-training load reads Fashion-MNIST alone, so it routes nothing to the OOD sets.
            if (!settings.loadPretrain()) {
                coverage.check(ood);
            }
            return new OfflineSplits(pretrain, train, validation, idTest, new LinkedHashMap<>(ood));
        }
    }
}
