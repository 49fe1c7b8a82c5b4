package org.levistream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.levistream.app.ComposeFile.Located;
import org.levistream.app.ComposeFile.Service;
import org.levistream.app.evaluate.EvaluateCommand;
import org.levistream.app.ingest.IngestCommand;
import org.levistream.app.kafka.KafkaOptions;
import org.levistream.app.train.TrainCommand;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.trainer.config.TrainerConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads {@code docker-compose.yml} and the {@code Dockerfile} as an operator's {@code docker compose up} would run
 * them, and catches the drift that lets a file validate while its services could not start: a command levi does not
 * have, a config file that is not there, a setting or {@code LEVI_*} variable no service reads, checkpoints written
 * where the evaluator does not look, floating images, root. Every service built here is parsed by levi's own command
 * line and its settings loaded by its own loader with the environment the file gives it; nothing is started.
 * Data files are absent in CI: a path under {@code data/} must then be one {@code scripts/fetch-data.sh} makes, or
 * lie in the pretrain service's output.
 */
class ComposeFileTest {
    private static final Pattern EXACT_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    private static ComposeServices stack;

    @TempDir
    static Path scratch;

    @BeforeAll
    static void readTheFiles() throws IOException {
        stack = ComposeServices.read(Path.of("..").toAbsolutePath().normalize(), scratch);
    }

    static Stream<String> leviServices() {
        return stack.names();
    }

    @ParameterizedTest
    @MethodSource("leviServices")
    void theCommandIsALeviSubcommand(String name) {
        List<String> command = stack.service(name).command();
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        StringWriter err = new StringWriter();

        assertThat(LeviCommands.run(new StringWriter(), err, args.toArray(String[]::new)))
                .as("service %s: command %s --help (%s)", name, command, err.toString().strip()).isZero();
        assertThat(stack.asWritten(name).userObject())
                .as("service %s: command %s names no runnable subcommand", name, command)
                .isNotInstanceOfAny(Levi.class, IngestCommand.class);
    }

    @ParameterizedTest
    @MethodSource("leviServices")
    void everyFileTheCommandReadsIsMountedAndThere(String name) {
        for (OptionSpec option : stack.asWritten(name).options()) {
            String key = option.longestName();
            if (ComposeServices.INPUTS.contains(key) && option.getValue() instanceof Path path) {
                checkData(name, key, path.toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("leviServices")
    void theSettingsLoadWithTheServicesEnvironment(String name) throws IOException {
        if (stack.onHost(name).userObject() instanceof ServiceCommand) {
            assertThat(stack.config(name)).as("service %s: config", name).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("leviServices")
    void everyLeviVariableSetsSomething(String name) {
        Map<String, String> env = stack.service(name).environment();
        CommandSpec spec = stack.onHost(name);
        List<String> unread = spec.userObject() instanceof ServiceCommand command ? command.unreadVariables(env)
                : LeviVariables.unread(env, spec, key -> false, List.of());

        assertThat(unread).as("service %s: environment", name).isEmpty();
    }

    @Test
    void trainersWriteCheckpointsIntoTheVolumeTheEvaluatorReads() throws IOException {
        List<String> trainers = stack.running(TrainCommand.class);
        List<String> evaluators = stack.running(EvaluateCommand.class);
        assertThat(trainers).as("trainer services").isNotEmpty();
        assertThat(evaluators).as("evaluator services").isNotEmpty();
        for (String trainer : trainers) {
            TrainerConfig config = (TrainerConfig) stack.config(trainer);
            Located written = named(trainer, TrainerConfig.CHECKPOINT_DIR, config.checkpointDir());
            assertThat(written.mount().readOnly()).as("service %s: %s is mounted read-only", trainer,
                    TrainerConfig.CHECKPOINT_DIR).isFalse();
            for (String evaluator : evaluators) {
                EvaluatorConfig read = (EvaluatorConfig) stack.config(evaluator);
                Located root = named(evaluator, EvaluatorConfig.CHECKPOINT_ROOT, read.checkpointRoot());
                boolean inside = written.mount().source().equals(root.mount().source())
                        && (root.within().toString().isEmpty() || written.within().startsWith(root.within()));
                assertThat(inside).as("service %s: %s is /%s in volume %s, outside service %s's %s (/%s in volume "
                        + "%s)", trainer, TrainerConfig.CHECKPOINT_DIR, written.within(), written.mount().source(),
                        evaluator, EvaluatorConfig.CHECKPOINT_ROOT, root.within(), root.mount().source()).isTrue();
            }
        }
    }

    @Test
    void theDataTheSettingsNameIsMountedAndMadeBeforeTheServicesStart() throws IOException {
        for (String trainer : stack.running(TrainCommand.class)) {
            TrainerConfig config = (TrainerConfig) stack.config(trainer);
            String catalog = stack.settings(trainer).get(TrainerConfig.BACKBONE_CATALOG);
            checkData(trainer, TrainerConfig.BACKBONE_CATALOG, catalog);
            Path glove = config.features().glove();
            checkData(trainer, TrainerConfig.FEATURES_GLOVE, glove == null ? null : glove.toString());
        }
        for (String evaluator : stack.running(EvaluateCommand.class)) {
            EvaluatorConfig config = (EvaluatorConfig) stack.config(evaluator);
            checkData(evaluator, EvaluatorConfig.BACKBONE_STORE, config.backboneStore().toString());
            checkData(evaluator, EvaluatorConfig.GLOVE, config.glove().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("leviServices")
    void theHealthcheckProbesThePortTheServiceServes(String name) throws IOException {
        Service service = stack.service(name);
        Object config = stack.onHost(name).userObject() instanceof ServiceCommand ? stack.config(name) : null;
        String probe = String.valueOf(service.healthcheck().get("test"));
        if (config instanceof TrainerConfig trainer && trainer.metricsPort() > 0) {
            assertThat(probe).as("service %s: healthcheck, against %s", name, TrainerConfig.METRICS_PORT)
                    .contains("localhost:" + trainer.metricsPort() + "/metrics");
        }
        if (config instanceof EvaluatorConfig evaluator && evaluator.dashboardPort() > 0) {
            int port = evaluator.dashboardPort();
            assertThat(probe).as("service %s: healthcheck, against %s", name, EvaluatorConfig.DASHBOARD_PORT)
                    .contains("localhost:" + port + "/metrics");
            assertThat(service.ports()).as("service %s: ports, against %s", name, EvaluatorConfig.DASHBOARD_PORT)
                    .allMatch(p -> p.endsWith(":" + port));
            if (!service.ports().isEmpty()) {
                assertThat(evaluator.dashboardHost()).as("service %s: %s of a published dashboard", name,
                        EvaluatorConfig.DASHBOARD_HOST).isEqualTo("0.0.0.0");
            }
        }
    }

    @Test
    void everyImageIsPinnedToAnExactVersion() {
        Map<String, String> images = new TreeMap<>();
        stack.compose.services().values()
                .forEach(s -> s.image().ifPresent(ref -> images.put("service " + s.name(), ref)));
        List<String> bases = stack.image.baseImages();
        for (int i = 0; i < bases.size(); i++) {
            images.put("Dockerfile FROM #" + (i + 1), bases.get(i));
        }
        images.forEach((where, ref) -> {
            String tag = ref.contains(":") ? ref.substring(ref.lastIndexOf(':') + 1) : "latest";
            assertThat(EXACT_VERSION.matcher(tag).find()).as("%s: image %s must name an exact version", where, ref)
                    .isTrue();
        });
    }

    @Test
    void theImageRunsAsAnUnprivilegedUser() {
        assertThat(stack.image.user()).as("Dockerfile: USER of the final stage").isNotBlank()
                .isNotIn("root", "0", "0:0", "root:root");
    }

    @Test
    void servicesWaitForHealthyDependenciesAndRestart() {
        for (Service service : stack.compose.services().values()) {
            assertThat(service.body()).as("service %s: restart", service.name()).containsKey("restart");
            service.dependsOn().forEach((dependency, condition) -> {
                boolean checked = !stack.service(dependency).healthcheck().isEmpty();
                assertThat(condition).as("service %s: depends_on.%s.condition", service.name(), dependency)
                        .isIn(checked ? Set.of("service_healthy", "service_completed_successfully")
                                : Set.of("service_completed_successfully"));
            });
            if (service.environment().containsKey(KafkaOptions.SCHEMA_REGISTRY_URL_ENV)) {
                assertThat(service.dependsOn()).as("service %s: depends_on", service.name())
                        .containsEntry("schema-registry", "service_healthy");
            }
        }
        assertThat(stack.service("schema-registry").healthcheck()).as("service schema-registry: healthcheck")
                .containsKey("test");
    }

    @Test
    void kafkaKeepsItsLogInItsVolume() {
        Service kafka = stack.compose.services().values().stream()
                .filter(s -> s.image().orElse("").startsWith("apache/kafka:")).findFirst().orElseThrow();
        Map<String, String> env = kafka.environment();
        assertThat(env).as("service %s: environment", kafka.name()).containsKey("KAFKA_LOG_DIRS");
        for (String dir : env.get("KAFKA_LOG_DIRS").split(",")) {
            assertThat(ComposeFile.locate(kafka, Path.of(dir)).filter(l -> l.mount().named()))
                    .as("service %s: KAFKA_LOG_DIRS %s in a named volume", kafka.name(), dir).isPresent();
        }
        if (env.containsKey("CLUSTER_ID")) {
            assertThatCode(() -> Uuid.fromString(env.get("CLUSTER_ID")))
                    .as("service %s: CLUSTER_ID must be a base64 UUID, as kafka-storage format wants", kafka.name())
                    .doesNotThrowAnyException();
        }
    }

    /** A checkpoint path must lie in a named volume: a container's own folders die with it. */
    private static Located named(String service, String key, Path path) {
        Path inContainer = stack.image.workdir().resolve(path);
        Optional<Located> located = ComposeFile.locate(stack.service(service), inContainer);
        assertThat(located.filter(l -> l.mount().named())).as("service %s: %s %s (%s in the container) is in no "
                + "named volume", service, key, path, inContainer).isPresent();
        assertThat(stack.compose.namedVolumes()).as("service %s: %s's volume", service, key)
                .contains(located.get().mount().source());
        return located.get();
    }

    private static void checkData(String service, String key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        Path host = stack.hostPath(service, key, Path.of(value));
        assertThat(stack.madeBeforeStart(host)).as("service %s: %s %s is %s on the host, which is not in the "
                + "repository and not made by scripts/fetch-data.sh or the pretrain service", service, key, value,
                stack.root.relativize(host)).isTrue();
    }
}
