package org.levistream.ingest.readers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.levistream.common.config.InvalidConfigException;

/**
 * How an image source is read: its domain tag, the number of classes, the size every image must have, and the event
 * times given to images, which have none of their own.
 *
 * <p>Event times are synthetic but deterministic, {@code firstEventTime + index * eventTimeStep}, so that a
 * re-read gives the same records and pacing by event time has something to pace by.
 *
 * @param domain         the domain tag of every image read (e.g. {@code mnist}); also the start of their ids
 * @param numClasses     labels must be in {@code [0, numClasses)}
 * @param height         the height every image must have, or 0 for any (image trees only)
 * @param width          the width every image must have, or 0 for any (image trees only)
 * @param firstEventTime the event time of the first image
 * @param eventTimeStep  the event time between consecutive images; zero or more
 */
public record ImageSourceOptions(String domain, int numClasses, int height, int width, Instant firstEventTime,
                                 Duration eventTimeStep) {
    /** The default event time of the first image. */
    public static final Instant DEFAULT_FIRST_EVENT_TIME = Instant.parse("2024-01-01T00:00:00Z");
    /** The default event time between images: 60,000 images span 100 minutes. */
    public static final Duration DEFAULT_EVENT_TIME_STEP = Duration.ofMillis(100);

    /** Checks every setting and reports all problems at once. */
    public ImageSourceOptions {
        List<String> problems = new ArrayList<>();
        if (domain == null || domain.isBlank()) {
            problems.add("domain was '" + domain + "' but must be non-blank");
        }
        if (numClasses < 1) {
            problems.add("numClasses was " + numClasses + " but must be at least 1");
        }
        if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
            problems.add("size was " + height + "x" + width + " but both must be positive, or both 0 for any size");
        }
        if (eventTimeStep != null && eventTimeStep.isNegative()) {
            problems.add("eventTimeStep was " + eventTimeStep + " but must not be negative");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        Objects.requireNonNull(firstEventTime, "firstEventTime");
        Objects.requireNonNull(eventTimeStep, "eventTimeStep");
    }

    /** 10 classes of 28x28 images (MNIST's layout) with the default clock. */
    public static ImageSourceOptions of(String domain) {
        return new ImageSourceOptions(domain, 10, 28, 28, DEFAULT_FIRST_EVENT_TIME, DEFAULT_EVENT_TIME_STEP);
    }

    /** These options with another number of classes. */
    public ImageSourceOptions withNumClasses(int classes) {
        return new ImageSourceOptions(domain, classes, height, width, firstEventTime, eventTimeStep);
    }

    /** These options with another required size; 0x0 accepts any. */
    public ImageSourceOptions withSize(int newHeight, int newWidth) {
        return new ImageSourceOptions(domain, numClasses, newHeight, newWidth, firstEventTime, eventTimeStep);
    }

    /** These options with another clock. */
    public ImageSourceOptions withClock(Instant first, Duration step) {
        return new ImageSourceOptions(domain, numClasses, height, width, first, step);
    }

    /** Whether a size is required. */
    public boolean fixedSize() {
        return height > 0;
    }

    /** The event time of the image at 0-based {@code index}. */
    public Instant eventTime(long index) {
        return firstEventTime.plus(eventTimeStep.multipliedBy(index));
    }

    void checkLabel(int label) throws RowException {
        if (label < 0 || label >= numClasses) {
            throw new RowException(RejectReason.LABEL_OUT_OF_RANGE,
                    "label was " + label + " but must be in [0, " + numClasses + ")");
        }
    }
}
