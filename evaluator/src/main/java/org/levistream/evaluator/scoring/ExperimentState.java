package org.levistream.evaluator.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.levistream.evaluator.topology.WorkItem;

/**
 * Where the evaluator stands with one experiment, kept in a changelogged store as JSON: the versions waiting, the
 * one being scored and how far, the reference version, the open alert conditions, and the last version finished.
 * Small: the per-example scorings live in their own stores.
 *
 * @param experiment       the experiment
 * @param waiting          versions announced and not yet started, oldest first
 * @param job              the version being scored; null when none
 * @param referenceVersion the version new ones are compared with; -1 before the first
 * @param open             open alert conditions, {@code topic/metric}
 * @param lastDone         the newest version finished or refused; -1 before the first
 * @param skipped          versions skipped because too many waited
 * @param current          the newest version scored, which scores held-out records as they arrive (prequential
 *                         mode); null before the first
 * @param currentStreams   the live topics that version was trained on
 */
public record ExperimentState(String experiment, List<WorkItem.Version> waiting, Job job, long referenceVersion,
                              Set<String> open, long lastDone, long skipped, WorkItem.Version current,
                              List<String> currentStreams) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Copies the collections. */
    public ExperimentState {
        waiting = List.copyOf(waiting);
        open = Set.copyOf(new TreeSet<>(open));
        currentStreams = currentStreams == null ? List.of() : List.copyOf(currentStreams);
    }

    /**
     * A version being scored: topic after topic, slice after slice.
     *
     * @param version    the version
     * @param topics     the held-out topics it is scored on, in order (ID first)
     * @param topicIndex the topic being scored
     * @param cursor     the next record of that topic's snapshot
     * @param slice      the next slice number of that topic
     * @param startedAt  when scoring started (epoch millis), for the latency figure
     */
    public record Job(WorkItem.Version version, List<String> topics, int topicIndex, int cursor, int slice,
                      long startedAt) {
        /** Copies the topics. */
        public Job {
            topics = List.copyOf(topics);
        }

        /**
         * Moves on after a slice.
         *
         * @param scored records of the snapshot the slice covered
         * @param size   the snapshot's size
         * @return the job with its cursor moved, on the next topic when this one is done
         */
        public Job advance(int scored, int size) {
            int next = cursor + scored;
            return next >= size ? new Job(version, topics, topicIndex + 1, 0, 0, startedAt)
                    : new Job(version, topics, topicIndex, next, slice + 1, startedAt);
        }

        /** Whether every topic is scored. */
        public boolean done() {
            return topicIndex >= topics.size();
        }
    }

    /**
     * The state of an experiment not seen before.
     *
     * @param experiment the experiment
     * @return nothing waiting, no reference
     */
    public static ExperimentState fresh(String experiment) {
        return new ExperimentState(experiment, List.of(), null, -1, Set.of(), -1, 0, null, List.of());
    }

    /**
     * Adds an announced version, unless it is known already (trainers re-announce after a restart).
     *
     * @param version  the version
     * @param queueMax the most versions waiting; beyond it the oldest waiting one is skipped
     * @return the new state
     */
    public ExperimentState announce(WorkItem.Version version, int queueMax) {
        boolean known = version.version() <= lastDone
                || (job != null && job.version().version() == version.version())
                || waiting.stream().anyMatch(w -> w.version() == version.version());
        if (known) {
            return this;
        }
        List<WorkItem.Version> next = new ArrayList<>(waiting);
        next.add(version);
        next.sort(Comparator.comparingLong(WorkItem.Version::version));
        long skip = skipped;
        while (next.size() > queueMax) {
            next.remove(0);
            skip++;
        }
        return new ExperimentState(experiment, next, job, referenceVersion, open, lastDone, skip, current,
                currentStreams);
    }

    /**
     * Whether there is scoring to do.
     *
     * @return true with a job or a waiting version
     */
    public boolean busy() {
        return job != null || !waiting.isEmpty();
    }

    /**
     * Starts the oldest waiting version.
     *
     * @param started the job
     * @return the state with it removed from the waiting list
     */
    public ExperimentState start(Job started) {
        return new ExperimentState(experiment, waiting.subList(1, waiting.size()), started, referenceVersion, open,
                lastDone, skipped, current, currentStreams);
    }

    /**
     * Records a slice's progress.
     *
     * @param next the job after it
     * @return the new state
     */
    public ExperimentState progress(Job next) {
        return new ExperimentState(experiment, waiting, next, referenceVersion, open, lastDone, skipped, current,
                currentStreams);
    }

    /**
     * Closes the current job, or drops the oldest waiting version when it could not start.
     *
     * @param version   the version finished or refused
     * @param reference the reference from now on
     * @param nowOpen   the open conditions from now on
     * @return the new state
     */
    public ExperimentState finish(long version, long reference, Set<String> nowOpen) {
        List<WorkItem.Version> rest = job == null && !waiting.isEmpty() && waiting.get(0).version() == version
                ? waiting.subList(1, waiting.size()) : waiting;
        return new ExperimentState(experiment, rest, null, reference, nowOpen, Math.max(lastDone, version), skipped,
                current, currentStreams);
    }

    /**
     * Makes a scored version the current one, which scores held-out records as they arrive.
     *
     * @param version the version just scored
     * @param streams the live topics it was trained on
     * @return the new state
     */
    public ExperimentState current(WorkItem.Version version, List<String> streams) {
        return new ExperimentState(experiment, waiting, job, referenceVersion, open, lastDone, skipped, version,
                streams);
    }

    /**
     * Writes the state as JSON.
     *
     * @return the JSON
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an experiment state always serializes", e);
        }
    }

    /**
     * Reads a state back.
     *
     * @param json what {@link #toJson} wrote
     * @return the state
     */
    public static ExperimentState fromJson(String json) {
        try {
            return JSON.readValue(json, ExperimentState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an experiment state in the store does not parse: " + e.getMessage(), e);
        }
    }
}
