package org.levistream.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.levistream.app.kafka.KafkaOptions;
import org.levistream.common.config.SettingsLayers;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Finds the {@code LEVI_*} environment variables a command would ignore. A variable that sets nothing is a mistake
 * that hides: {@code LEVI_DEVICE=gpu} trains on the CPU without a word, where {@code LEVI_TRAINER_DEVICE} was meant.
 *
 * <p>A command reads a variable when it is the launcher's ({@value #JAVA_OPTS}), one of {@link KafkaOptions}' for a
 * command with those options, named in an option's {@code ${env:...}} default, or one whose key
 * ({@link SettingsLayers#environmentKey}) the command's settings layer takes.
 */
public final class LeviVariables {
    /** Read by the launcher ({@code ./levi}, which is also the image's entry point) before any command runs. */
    public static final String JAVA_OPTS = "LEVI_JAVA_OPTS";

    private static final String PREFIX = "LEVI_";
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(" + PREFIX + "[A-Za-z0-9_]+)");

    private LeviVariables() {}

    /**
     * Lists the {@code LEVI_*} variables of {@code env} that a command reads nothing from, one line each, with the
     * variable it may have meant.
     *
     * @param env         the environment
     * @param spec        the command (its options and their {@code ${env:...}} defaults are looked at)
     * @param settingKeys which dotted keys the command's settings layer takes from the environment
     * @param knownKeys   the command's declared keys, to suggest the variable that was meant
     * @return e.g. {@code LEVI_DEVICE is set but levi train reads nothing from it; did you mean LEVI_TRAINER_DEVICE?}
     */
    public static List<String> unread(Map<String, String> env, CommandSpec spec, Predicate<String> settingKeys,
                                      Collection<String> knownKeys) {
        Set<String> read = namesRead(spec);
        Set<String> meant = new TreeSet<>(read);
        knownKeys.forEach(key -> meant.add(SettingsLayers.environmentVariable(key)));
        List<String> unread = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(PREFIX) && !read.contains(name)
                    && SettingsLayers.environmentKey(name).filter(settingKeys).isEmpty()) {
                unread.add(name + " is set but " + spec.qualifiedName() + " reads nothing from it" + hint(name, meant));
            }
        }
        return unread;
    }

    /**
     * Prints each unread variable as a warning on the command's error stream; the command goes on.
     *
     * @param spec   the command
     * @param unread lines from {@link #unread}
     */
    public static void warn(CommandSpec spec, List<String> unread) {
        PrintWriter err = spec.commandLine().getErr();
        unread.forEach(line -> err.println(spec.qualifiedName() + ": warning: " + line));
        err.flush();
    }

    private static Set<String> namesRead(CommandSpec spec) {
        Set<String> names = new TreeSet<>(Set.of(JAVA_OPTS));
        if (spec.findOption("--bootstrap-servers") != null) {
            names.add(KafkaOptions.BOOTSTRAP_SERVERS_ENV);
            names.add(KafkaOptions.SCHEMA_REGISTRY_URL_ENV);
        }
        for (OptionSpec option : spec.options()) {
            String raw = option.defaultValueString(false);
            Matcher m = ENV_DEFAULT.matcher(raw == null ? "" : raw);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    // The usual slip is a key without its service's prefix: LEVI_DEVICE for LEVI_TRAINER_DEVICE.
    private static String hint(String name, Set<String> meant) {
        String suffix = "_" + name.substring(PREFIX.length());
        List<String> close = meant.stream().filter(m -> m.endsWith(suffix)).limit(3).toList();
        return close.isEmpty() ? " (its --help lists what it reads)"
                : "; did you mean " + String.join(" or ", close) + "?";
    }
}
