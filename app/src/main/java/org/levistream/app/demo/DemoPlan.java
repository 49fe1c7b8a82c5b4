package org.levistream.app.demo;

import java.time.Duration;

/**
 * How long a demo runs and how big its parts are. The clock starts when the data and backbones are ready (they are
 * made once and reused), so the run's length does not depend on whether they had to be made.
 *
 * @param total          from the start of the stack to the summary
 * @param quick          the short run: smaller samples, versions closer together
 * @param sampleSize     held-out records the evaluator keeps per topic
 * @param holdoutSample  held-out records each trainer validates a checkpoint on
 * @param versions       about how many versions each experiment publishes
 * @param standInScale   how many times the generated stand-in's base size, when the real data cannot be had
 */
record DemoPlan(Duration total, boolean quick, int sampleSize, int holdoutSample, int versions, int standInScale) {
    /** The default run's length, in minutes. */
    static final int DEFAULT_MINUTES = 5;
    /** {@code --quick}'s length, in minutes. */
    static final int QUICK_MINUTES = 2;

    /**
     * The plan for the command's options.
     *
     * @param quick   whether {@code --quick} was given
     * @param minutes {@code --minutes}, or {@code null} for the mode's default
     * @return the plan
     */
    static DemoPlan of(boolean quick, Integer minutes) {
        Duration total = Duration.ofMinutes(minutes != null ? minutes : quick ? QUICK_MINUTES : DEFAULT_MINUTES);
        return quick ? new DemoPlan(total, true, 1_000, 300, 8, 4)
                : new DemoPlan(total, false, 5_000, 1_000, 15, 12);
    }

    /**
     * Time kept at the end, after the trainers stop, for the evaluator to score their last versions: a fifth of the
     * run, at least 25 s and at most 90 s.
     */
    Duration drain() {
        long seconds = Math.max(25, Math.min(90, total.toSeconds() / 5));
        return Duration.ofSeconds(seconds);
    }

    /**
     * How long the live topics take to play, out of the time the trainers have: two thirds of it, so that the
     * trainers catch up with the end of the stream before they stop.
     *
     * @param training the time from the trainers' start to their stop
     * @return the live stream's wall-clock length
     */
    Duration livePlay(Duration training) {
        return training.multipliedBy(2).dividedBy(3);
    }

    /**
     * Time between checkpoints, so that each experiment publishes about {@link #versions()} versions.
     *
     * @param training the time from the trainers' start to their stop
     * @return the checkpoint interval, at least 3 s
     */
    Duration checkpointEvery(Duration training) {
        Duration every = training.dividedBy(versions);
        return every.compareTo(Duration.ofSeconds(3)) < 0 ? Duration.ofSeconds(3) : every;
    }
}
