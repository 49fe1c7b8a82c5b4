package org.levistream.app.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.levistream.app.LeviVariables;
import org.levistream.app.ShutdownSignal;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.common.config.SettingsLayers;
import org.levistream.common.config.SourcedSettings;
import org.levistream.trainer.TrainerRefusal;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.TrainerService;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Runs a trainer for a command: gathers settings (file, environment, {@code --set}, flags), builds the config (a
 * rejected setting is the user's to fix: exit 2 with every problem listed), and trains until the end point or
 * Ctrl+C, which stops after the current step with a last checkpoint. Exit 0 when it finished or was stopped, 1
 * when it failed.
 */
public final class TrainerRun {
    private TrainerRun() {}

    /**
     * Merges settings in {@link SettingsLayers}' precedence order: the declared defaults (applied when the config
     * is built), the file, the environment, {@code --set}, then explicit flags.
     *
     * @param file        the settings file, or {@code null}
     * @param environment the trainer's keys from the environment, {@code LEVI_BOOTSTRAP_SERVERS} included
     * @param sets        {@code key=value} assignments
     * @param flags       settings from the command's explicit options
     * @return the merged settings
     */
    public static Map<String, String> settings(Path file, Map<String, String> environment, List<String> sets,
                                               Map<String, String> flags) {
        Map<String, String> fromFile = file == null ? Map.of() : SettingsLayers.readYaml(file);
        Map<String, String> fromSets = SettingsLayers.parseAssignments(sets == null ? List.of() : sets);
        // TrainerSettings.merge's order and aliases, remembering where each value came from for the messages.
        return SourcedSettings.merge(List.of(
                SourcedSettings.Layer.of(TrainerConfig.DEFINITIONS.canonical(fromFile), "in " + file),
                new SourcedSettings.Layer(TrainerConfig.DEFINITIONS.canonical(environment),
                        TrainerRun::environmentSource),
                SourcedSettings.Layer.of(TrainerConfig.DEFINITIONS.canonical(fromSets), "from --set"),
                SourcedSettings.Layer.of(TrainerConfig.DEFINITIONS.canonical(flags), "from a command-line option")));
    }

    private static String environmentSource(String key) {
        String variable = SettingsLayers.environmentVariable(key);
        return System.getenv(variable) != null ? "from the environment, " + variable : "from the environment";
    }

    /**
     * Lists the {@code LEVI_*} variables of {@code env} that a trainer command reads nothing from.
     *
     * @param spec the command
     * @param env  the environment
     * @return one line per variable ({@link LeviVariables#unread})
     */
    public static List<String> unreadVariables(CommandSpec spec, Map<String, String> env) {
        return LeviVariables.unread(env, spec, TrainerSettings::readsFromEnvironment, TrainerConfig.DEFINITIONS.keys());
    }

    /**
     * Builds the config and trains.
     *
     * @param spec     the command, for its writers and error messages
     * @param settings the merged settings
     * @param build    makes the config from the settings
     * @return the exit code
     * @throws InterruptedException if interrupted
     */
    public static int run(CommandSpec spec, Map<String, String> settings,
                          Function<Map<String, String>, TrainerConfig> build) throws InterruptedException {
        LeviVariables.warn(spec, unreadVariables(spec, System.getenv()));
        TrainerConfig config = configOrUsageError(spec, settings, build);
        PrintWriter out = spec.commandLine().getOut();
        ConsoleProgress progress = new ConsoleProgress(out);
        try (ShutdownSignal stop = ShutdownSignal.install();
             TrainerService trainer = TrainerService.start(config, progress)) {
            while (trainer.awaitTermination(java.time.Duration.ofMillis(200)).isEmpty()) {
                if (stop.isRequested()) {
                    out.println("Stopping after the current step (a last checkpoint is written) ...");
                    out.flush();
                    break;
                }
            }
            trainer.close();
            TrainerService.Outcome outcome = trainer.awaitTermination();
            if (outcome == TrainerService.Outcome.FAILED) {
                Throwable failure = trainer.failure().orElseThrow();
                rethrowIfConfig(spec, failure);
                // A refusal (a locked experiment, a fenced trainer, nothing but poison) says everything in its
                // message; anything else keeps its class, which is part of what went wrong.
                String why = failure instanceof TrainerRefusal ? failure.getMessage() : failure.toString();
                spec.commandLine().getErr().println(spec.qualifiedName() + ": failed: " + why);
                spec.commandLine().getErr().flush();
                return ExitCode.SOFTWARE;
            }
            progress.finished(outcome == TrainerService.Outcome.FINISHED ? "Reached the end point" : "Stopped");
            return ExitCode.OK;
        }
    }

    private static TrainerConfig configOrUsageError(CommandSpec spec, Map<String, String> settings,
                                                    Function<Map<String, String>, TrainerConfig> build) {
        try {
            return build.apply(settings);
        } catch (InvalidConfigException e) {
            InvalidConfigException sourced = settings instanceof SourcedSettings s ? s.annotate(e) : e;
            throw new ParameterException(spec.commandLine(), problems(sourced.problems()));
        }
    }

    private static void rethrowIfConfig(CommandSpec spec, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigException e) {
                throw new ParameterException(spec.commandLine(), problems(e.problems()));
            }
        }
    }

    private static String problems(List<String> problems) {
        return problems.size() == 1 ? problems.get(0)
                : problems.size() + " settings are invalid:" + System.lineSeparator() + "  "
                        + String.join(System.lineSeparator() + "  ", problems);
    }

    /**
     * Puts a flag's value under its setting key when the flag was given.
     *
     * @param flags the flag settings being collected
     * @param key   the setting key
     * @param value the flag's value, or {@code null} when not given
     */
    public static void flag(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, String.valueOf(value));
        }
    }

    /**
     * Sets libtorch's thread counts, before the engine loads (it reads them once).
     *
     * @param threads intra- and inter-op threads, or {@code null} to leave libtorch's defaults
     */
    public static void threads(Integer threads) {
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", threads.toString());
        }
    }

    /**
     * Returns a new map for flag settings.
     *
     * @return an empty sorted map
     */
    public static Map<String, String> flags() {
        return new TreeMap<>();
    }
}
