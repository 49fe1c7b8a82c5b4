package org.levistream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.levistream.app.ComposeFile.Located;
import org.levistream.app.ComposeFile.Service;
import org.levistream.app.pretrain.PretrainCommand;
import org.levistream.app.train.TrainCommand;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.common.config.SettingsLayers;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.trainer.config.TrainerConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The services {@code docker-compose.yml} builds from this repository, as levi itself sees them: each command parsed
 * by {@link Levi#commandLine()}, each path mapped from the container to the host through the service's mounts, each
 * config loaded by the command's own loader ({@link ServiceCommand}) with the environment the file gives it. A
 * problem fails the calling test with a message that names the service.
 */
final class ComposeServices {
    /** Options whose value is a file or folder the command reads before it runs. */
    static final Set<String> INPUTS = Set.of("--config", "--split", "--input", "--labels", "--data-dir",
            "--split-movielens", "--split-digits");
    private static final Pattern FETCHED = Pattern.compile("\\[([A-Za-z0-9_./-]+)]=[0-9a-f]{64}");

    final Path root;
    final ComposeFile compose;
    final Dockerfile image;
    private final Set<Path> fetched;
    private final Path scratch;
    private final Map<String, CommandSpec> onHost = new ConcurrentHashMap<>();

    private ComposeServices(Path root, ComposeFile compose, Dockerfile image, Set<Path> fetched, Path scratch) {
        this.root = root;
        this.compose = compose;
        this.image = image;
        this.fetched = fetched;
        this.scratch = scratch;
    }

    /**
     * Reads the repository's compose file, Dockerfile and the outputs {@code scripts/fetch-data.sh} pins.
     *
     * @param root    the repository
     * @param scratch a folder for the stand-in backbone catalogues
     */
    static ComposeServices read(Path root, Path scratch) throws IOException {
        var m = FETCHED.matcher(Files.readString(root.resolve("scripts/fetch-data.sh")));
        Set<Path> fetched = m.results().map(r -> root.resolve("data").resolve(r.group(1))).collect(Collectors.toSet());
        return new ComposeServices(root, ComposeFile.read(root.resolve("docker-compose.yml")),
                Dockerfile.read(root.resolve("Dockerfile")), fetched, scratch);
    }

    Stream<String> names() {
        return compose.services().values().stream().filter(Service::builtHere).map(Service::name);
    }

    Service service(String name) {
        return compose.service(name);
    }

    /** The services whose command is a {@code command}, e.g. every trainer. */
    List<String> running(Class<?> command) {
        return names().filter(name -> command.isInstance(onHost(name).userObject())).toList();
    }

    /** The command as written, its paths as the container sees them. */
    CommandSpec asWritten(String name) {
        return parse(service(name), service(name).command());
    }

    /** The command with its input paths read on the host, so that its settings can be loaded here. */
    CommandSpec onHost(String name) {
        return onHost.computeIfAbsent(name, n -> {
            Service service = service(n);
            List<String> args = new ArrayList<>(service.command());
            for (int i = 0; i + 1 < args.size(); i++) {
                if (INPUTS.contains(args.get(i))) {
                    args.set(i + 1, hostPath(n, args.get(i), Path.of(args.get(i + 1))).toString());
                }
            }
            return parse(service, args);
        });
    }

    /** Where a path the service reads lies on the host, through the folders mounted from there. */
    Path hostPath(String name, String key, Path path) {
        Path inContainer = image.workdir().resolve(path);
        Optional<Located> located = ComposeFile.locate(service(name), inContainer);
        assertThat(located.filter(l -> l.mount().bind())).as("service %s: %s %s is in no folder mounted from the "
                + "host (in the container it is %s)", name, key, path, inContainer).isPresent();
        return compose.hostPath(located.get().mount()).resolve(located.get().within()).normalize();
    }

    /** Whether a host path exists before the services start: in the repository, fetched, or made by pretrain. */
    boolean madeBeforeStart(Path host) {
        return Files.exists(host) || fetched.stream().anyMatch(f -> f.startsWith(host))
                || pretrainOutput().map(host::startsWith).orElse(false);
    }

    /** The service's config, loaded by its own command with the environment the file gives it. */
    Object config(String name) throws IOException {
        ServiceCommand command = (ServiceCommand) onHost(name).userObject();
        try {
            return command.config(loadable(name, command));
        } catch (InvalidConfigException e) {
            return fail("service %s: its settings do not load:%n%s", name, e.getMessage());
        }
    }

    /** The service's merged settings, as its command merges them. */
    Map<String, String> settings(String name) {
        try {
            return ((ServiceCommand) onHost(name).userObject()).settings(service(name).environment());
        } catch (InvalidConfigException e) {
            return fail("service %s: its settings do not load:%n%s", name, e.getMessage());
        }
    }

    private static CommandSpec parse(Service service, List<String> args) {
        try {
            ParseResult result = Levi.commandLine().parseArgs(args.toArray(String[]::new));
            while (result.hasSubcommand()) {
                result = result.subcommand();
            }
            return result.commandSpec();
        } catch (ParameterException e) {
            return fail("service %s: command %s does not parse: %s", service.name(), service.command(),
                    e.getMessage());
        }
    }

    /** The folder the pretrain service writes its catalogue to, on the host. */
    private Optional<Path> pretrainOutput() {
        return running(PretrainCommand.class).stream().findFirst()
                .map(name -> hostPath(name, "--out", (Path) onHost(name).findOption("--out").getValue()));
    }

    /**
     * The service's environment, plus, for a trainer whose settings name a backbone catalogue, one made here with
     * the backbones the pretrain service makes: the real one exists only once {@code levi pretrain} has run. That
     * the setting points where pretrain writes is {@link ComposeFileTest}'s to check.
     */
    private Map<String, String> loadable(String name, ServiceCommand command) throws IOException {
        Map<String, String> env = new TreeMap<>(service(name).environment());
        if (command instanceof TrainCommand && command.settings(env).get(TrainerConfig.BACKBONE_CATALOG) != null) {
            Path catalog = scratch.resolve("backbones-" + name);
            BackboneCatalog backbones = BackboneCatalog.open(catalog);
            for (String backbone : pretrainedBackbones()) {
                backbones.put(backbone, new BackboneCatalog.Entry("0".repeat(64), "a stand-in", Map.of()));
            }
            env.put(SettingsLayers.environmentVariable(TrainerConfig.BACKBONE_CATALOG), catalog.toString());
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private List<String> pretrainedBackbones() {
        return running(PretrainCommand.class).stream()
                .flatMap(name -> ((List<String>) onHost(name).findOption("--only").getValue()).stream())
                .toList();
    }
}
