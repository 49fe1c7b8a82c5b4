package org.levistream.app.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.levistream.app.ServiceCommand;
import org.levistream.ingest.publish.IngestConfig;
import org.levistream.ingest.publish.IngestSources;
import org.levistream.ingest.publish.IngestSources.ImageLayout;
import org.levistream.ingest.readers.ImageSourceOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code levi ingest images}. */
@Command(name = "images", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publish labelled images as image records keyed by record id: an IDX pair (MNIST, "
                + "Fashion-MNIST; plain or gzipped), a folder per class of PNG/JPEG files, or the 8x8 optical-digits "
                + "CSV (scaled and padded to 28x28). Images have no time of their own: record i gets "
                + "--first-event-time + i * --event-time-step-ms.")
final class ImagesIngest implements Callable<Integer>, ServiceCommand {
    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "An IDX images file, a folder of class folders, or a digits CSV.")
    Path input;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "The IDX labels file (default: the images file's name with labels-idx1 for images-idx3).")
    Path labels;

    @Option(names = "--domain", required = true, paramLabel = "NAME",
            description = "The domain tag of every image, which split rules match on (e.g. mnist, mnist-test for "
                    + "MNIST's t10k files, optical-digits, fashion-mnist); also the start of record ids.")
    String domain;

    @Option(names = "--layout", paramLabel = "auto|idx|tree|digits-csv", defaultValue = "auto",
            description = "The input's layout (default: ${DEFAULT-VALUE}: a folder is a tree, an IDX header IDX, "
                    + "anything else the digits CSV).")
    String layout;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "10",
            description = "Labels must be in [0, N) (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--size", paramLabel = "HxW|any", defaultValue = "28x28",
            description = "The size every image must have; others are dead-lettered (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--first-event-time", paramLabel = "INSTANT", defaultValue = "2024-01-01T00:00:00Z",
            description = "Event time of the first image (default: ${DEFAULT-VALUE}).")
    Instant firstEventTime;

    @Option(names = "--event-time-step-ms", paramLabel = "MS", defaultValue = "100",
            description = "Event time between images (default: ${DEFAULT-VALUE}).")
    long stepMillis;

    @Mixin
    IngestOptions options;

    @Override
    public Integer call() throws InterruptedException {
        IngestRunner.requireExists(spec, "--input", input);
        IngestRunner.requireExists(spec, "--labels", labels);
        ImageLayout chosen = layout();
        ImageSourceOptions sourceOptions = sourceOptions(chosen);
        return IngestRunner.run(spec, options, () -> IngestSources.images(chosen, input, labels, sourceOptions));
    }

    private ImageLayout layout() {
        if (layout.equalsIgnoreCase("auto")) {
            return ImageLayout.detect(input);
        }
        try {
            return ImageLayout.valueOf(layout.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--layout was '" + layout + "' but must be auto, idx, "
                    + "tree or digits-csv");
        }
    }

    private ImageSourceOptions sourceOptions(ImageLayout chosen) {
        int height = 0;
        int width = 0;
        Matcher m = SIZE.matcher(size.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            height = Integer.parseInt(m.group(1));
            width = Integer.parseInt(m.group(2));
        } else if (!size.equalsIgnoreCase("any") || chosen != ImageLayout.TREE) {
            throw new ParameterException(spec.commandLine(), "--size was '" + size + "' but must be HxW (e.g. "
                    + "28x28)" + (chosen == ImageLayout.TREE ? " or any" : ""));
        }
        try {
            return new ImageSourceOptions(domain, classes, height, width, firstEventTime,
                    Duration.ofMillis(stepMillis));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), IngestRunner.oneLine(e)
                    .replace("domain was", "--domain was").replace("numClasses was", "--classes was")
                    .replace("size was", "--size was").replace("eventTimeStep was", "--event-time-step-ms was"));
        }
    }

    @Override
    public Map<String, String> settings(Map<String, String> env) {
        return options.settings(env);
    }

    @Override
    public IngestConfig config(Map<String, String> env) {
        return options.config(env);
    }

    @Override
    public List<String> unreadVariables(Map<String, String> env) {
        return options.unreadVariables(env);
    }
}
