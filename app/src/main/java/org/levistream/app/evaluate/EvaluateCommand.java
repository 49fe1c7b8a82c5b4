package org.levistream.app.evaluate;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.levistream.app.LeviVariables;
import org.levistream.app.ServiceCommand;
import org.levistream.app.ShutdownSignal;
import org.levistream.app.kafka.KafkaOptions;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.common.config.SettingsLayers;
import org.levistream.common.config.SourcedSettings;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.dashboard.Dashboard;
import org.levistream.evaluator.service.EvaluatorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code levi evaluate}: scores every model version on the held-out topics and raises OOD-degradation alerts. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {
            "Follow levi.checkpoints and score every new model version on the held-out topics: the ID holdout "
                    + "(<stream>.holdout) and each OOD set (<stream>.ood.<name>) of the streams the version was "
                    + "trained on. Each topic keeps a seeded sample (evaluator.sample.size records).",
            "",
            "For each version: RMSE and MAE (ratings) or accuracy, NLL and ECE (images) per topic with 95%% "
                    + "confidence intervals, the ID-OOD gap against the worst OOD topic, all to levi.metrics. The "
                    + "version is compared with the reference (the last version that raised no alert) on the same "
                    + "records, example by example: a one-sided paired test that it is worse by more than the margin "
                    + "(evaluator.alert.margin), Holm's correction across the version's topics and metrics at "
                    + "evaluator.alert.alpha. An alert goes to levi.alerts once while a condition holds, and a "
                    + "RESOLVED record when a later version clears it.",
            "",
            "A Kafka Streams application with exactly-once processing: killed at any moment and restarted, it "
                    + "goes on where it stopped and sends every metric and alert once. Instances with the same "
                    + "evaluator.application.id share the experiments (evaluator.work.partitions).",
            "",
            "Settings: the --config YAML file (evaluator.*, schema.registry.*), LEVI_* environment variables "
                    + "(LEVI_EVALUATOR_SAMPLE_SIZE is evaluator.sample.size), --set key=value and the options below, "
                    + "in rising precedence."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  levi evaluate --config config/evaluator.yaml",
            "  levi evaluate --set evaluator.holdout.topics=levi.interactions.holdout,levi.interactions.ood.late",
            "",
            "Exit codes: 0 stopped (Ctrl+C), 1 failed, 2 bad settings."})
public final class EvaluateCommand implements Callable<Integer>, ServiceCommand {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (repeatable).")
    List<String> sets;

    @Option(names = "--dashboard-port", paramLabel = "PORT",
            description = "Serve the dashboard and /metrics on this port (evaluator.dashboard.port; 0: a free one, "
                    + "-1: none).")
    Integer dashboardPort;

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu or gpu (evaluator.device).")
    String device;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        LeviVariables.warn(spec, unreadVariables(System.getenv()));
        EvaluatorConfig evaluator = configOrUsageError(settings(System.getenv()));
        PrintWriter out = spec.commandLine().getOut();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ShutdownSignal stop = ShutdownSignal.install();
             EvaluatorService service = EvaluatorService.start(evaluator, meters);
             Dashboard dashboard = dashboard(evaluator, meters)) {
            out.println("Evaluating " + String.join(", ", evaluator.holdoutTopics()) + " against the versions on "
                    + evaluator.checkpointsTopic() + "; metrics to " + evaluator.metricsTopic() + ", alerts to "
                    + evaluator.alertsTopic() + ". Ctrl+C stops.");
            if (dashboard != null) {
                out.println("Dashboard: " + dashboard.url() + "  (Prometheus: " + dashboard.url() + "metrics)");
            }
            out.flush();
            while (!stop.isRequested() && service.isRunning()) {
                Thread.sleep(200);
            }
            if (service.failure().isPresent()) {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": failed: " + service.failure().get());
                spec.commandLine().getErr().flush();
                return ExitCode.SOFTWARE;
            }
            out.println("Stopping (committing what is scored) ...");
            out.flush();
        } finally {
            meters.close();
        }
        return ExitCode.OK;
    }

    /** Starts the dashboard unless its port is -1; it reads the metrics and alerts back from Kafka. */
    private static Dashboard dashboard(EvaluatorConfig config, PrometheusMeterRegistry meters) throws IOException {
        if (config.dashboard().isEmpty()) {
            return null;
        }
        return Dashboard.start(config.dashboard().get(), config.dashboardClient(), meters);
    }

    /** The merged settings: the YAML file, the environment, {@code --set}, then the options, in rising precedence. */
    @Override
    public Map<String, String> settings(Map<String, String> env) {
        Map<String, String> fromFile = config == null ? Map.of() : SettingsLayers.readYaml(config);
        Map<String, String> environment = new TreeMap<>(KafkaOptions.environment(env,
                EvaluatorConfig.BOOTSTRAP_SERVERS, EvaluatorConfig.REGISTRY_URL));
        environment.putAll(SettingsLayers.fromEnvironment(env, EvaluateCommand::readsFromEnvironment));
        Map<String, String> flags = new TreeMap<>(kafka.flags(EvaluatorConfig.BOOTSTRAP_SERVERS,
                EvaluatorConfig.REGISTRY_URL));
        if (dashboardPort != null) {
            flags.put(EvaluatorConfig.DASHBOARD_PORT, dashboardPort.toString());
        }
        if (device != null) {
            flags.put(EvaluatorConfig.DEVICE, device);
        }
        return SourcedSettings.merge(List.of(
                SourcedSettings.Layer.of(EvaluatorConfig.DEFINITIONS.canonical(fromFile), "in " + config),
                SourcedSettings.Layer.of(EvaluatorConfig.DEFINITIONS.canonical(environment), "from the environment"),
                SourcedSettings.Layer.of(EvaluatorConfig.DEFINITIONS.canonical(
                        SettingsLayers.parseAssignments(sets == null ? List.of() : sets)), "from --set"),
                SourcedSettings.Layer.of(EvaluatorConfig.DEFINITIONS.canonical(flags), "from a command-line option")));
    }

    @Override
    public EvaluatorConfig config(Map<String, String> env) {
        return EvaluatorConfig.from(settings(env));
    }

    @Override
    public List<String> unreadVariables(Map<String, String> env) {
        return LeviVariables.unread(env, spec, EvaluateCommand::readsFromEnvironment,
                EvaluatorConfig.DEFINITIONS.keys());
    }

    // Every evaluator.* key, so that a misspelt one is reported as unknown, and the others the evaluator reads.
    private static boolean readsFromEnvironment(String key) {
        return key.startsWith("evaluator.") || EvaluatorConfig.DEFINITIONS.reads(key);
    }

    private EvaluatorConfig configOrUsageError(Map<String, String> settings) {
        try {
            return EvaluatorConfig.from(settings);
        } catch (InvalidConfigException e) {
            InvalidConfigException sourced = settings instanceof SourcedSettings s ? s.annotate(e) : e;
            List<String> problems = sourced.problems();
            throw new ParameterException(spec.commandLine(), problems.size() == 1 ? problems.get(0)
                    : problems.size() + " settings are invalid:" + System.lineSeparator() + "  "
                            + String.join(System.lineSeparator() + "  ", problems));
        }
    }
}
