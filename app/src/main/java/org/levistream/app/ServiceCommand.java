package org.levistream.app;

import java.util.List;
import java.util.Map;

/**
 * A command that runs a service, seen before it runs: the settings and the config it would start with in a given
 * environment, and the {@code LEVI_*} variables there that it would ignore. A run does the same with its own
 * environment; {@code docker-compose.yml}'s drift test loads every service the file names through this, with the
 * environment the file gives that service.
 */
public interface ServiceCommand {
    /**
     * Merges the settings as a run does: built-in defaults aside, the settings file, the environment, {@code --set}
     * and the command's flags.
     *
     * @param env the environment
     * @return dotted keys to values
     */
    Map<String, String> settings(Map<String, String> env);

    /**
     * Builds and checks the config as a run does, without starting anything.
     *
     * @param env the environment
     * @return the service's config record
     * @throws org.levistream.common.config.InvalidConfigException listing every problem
     */
    Object config(Map<String, String> env);

    /**
     * Lists the {@code LEVI_*} variables of {@code env} that this command reads nothing from ({@link LeviVariables}).
     *
     * @param env the environment
     * @return one line per variable, empty when every one is read
     */
    List<String> unreadVariables(Map<String, String> env);
}
