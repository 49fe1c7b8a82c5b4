package org.levistream.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.levistream.app.ShutdownSignal;
import org.levistream.app.pretrain.PretrainCommand;
import org.levistream.embedded.kafka.BrokerSettings;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;
import org.levistream.experiment.offline.EngineThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code levi demo}: the whole system on this machine, from the data to a summary of every version's OOD metrics. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run LEVI Stream end to end on this machine and show what it does:",
            "  1. data: the real data sets in --data-dir, fetched with scripts/fetch-data.sh when missing (or a "
                    + "generated stand-in, labelled as such, when they cannot be had);",
            "  2. backbones: the frozen pre-trained backbones LEVI taps, made once by levi pretrain's code, then reused;",
            "  3. Kafka: a broker and a schema registry in this process, on free ports;",
            "  4. the held-out topics: MovieLens (ID holdout, users from 2009 as OOD) and digits (MNIST holdout, "
                    + "rotated MNIST and the optical digits as OOD), published by levi ingest's code;",
            "  5. live: the live topics play in event-time order while four trainers follow them (LEVI and FT per "
                    + "stream) and the evaluator scores every version they publish on the held-out topics, with "
                    + "the dashboard live in your browser;",
            "  6. the end: the trainers stop, their last versions are scored, and a summary table (main metric per "
                    + "version, ID and OOD, with 95% intervals, and the alerts) is printed and written with a "
                    + "static HTML report of the dashboard's plots.",
            "",
            "The run's length counts from step 3: --minutes (default 5; --quick: 2). Ctrl+C stops everything "
                    + "cleanly and writes what there is. Every run has its own folder under --out; the data and "
                    + "backbones are reused. Diagnostic log lines go to demo-runs/demo.log, not the console."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  levi demo                      the 5-minute run on the real data",
            "  levi demo --quick              two minutes",
            "  levi demo --data generated     no real data: a generated stand-in, for a machine without packages",
            "",
            "Exit codes: 0 done, 1 a part failed, 2 bad options, 130 stopped by Ctrl+C (partial results written)."})
public final class DemoCommand implements Callable<Integer> {
    /** Exit code of a run stopped by Ctrl+C or SIGTERM, the shell's convention for SIGINT. */
    static final int STOPPED = 130;
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    @Option(names = "--quick", description = "A two-minute run: smaller samples, versions closer together.")
    boolean quick;

    @Option(names = "--minutes", paramLabel = "N",
            description = "How long the run takes from the start of Kafka to the summary (default: 5; 2 with "
                    + "--quick). Longer runs play the live topics slower, with the same versions per experiment.")
    Integer minutes;

    @Option(names = "--data", paramLabel = "auto|real|generated", defaultValue = "auto",
            description = "auto: the real data, fetched when missing, else a generated stand-in; real: the real "
                    + "data or fail; generated: the stand-in (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:LEVI_DATA_DIR:-data}",
            description = "The fetch script's data folder (default: ${DEFAULT-VALUE}; env LEVI_DATA_DIR).")
    Path dataDir;

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "config",
            description = "The shipped config files: split-*.yaml, trainer-*.yaml, evaluator.yaml (default: "
                    + "${DEFAULT-VALUE}, as in the repository).")
    Path configDir;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-runs",
            description = "Each run's folder goes here: checkpoints, evaluator state, summary.md, report.html "
                    + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--dashboard-port", paramLabel = "PORT", defaultValue = "8090",
            description = "The dashboard's port, on 127.0.0.1; 0 for a free one; a taken port is replaced by a free "
                    + "one (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster (with --schema-registry-url) instead of starting one. Its levi.* "
                    + "topics must be empty.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", description = "The registry of --bootstrap-servers.")
    String registryUrl;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "libtorch threads per model (default: ${DEFAULT-VALUE}: four trainers and the evaluator "
                    + "share the cores).")
    int threads;

    @Option(names = "--serve", description = "After the summary, keep Kafka and the dashboard up until Ctrl+C.")
    boolean serve;

    @Spec
    CommandSpec spec;

    /** Where a demo started from the command line logs: its console is for the run's progress. */
    static final Path LOG_FILE = Path.of("demo-runs", "demo.log");
    private static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";

    /**
     * Sends the diagnostics of slf4j-simple to {@link #LOG_FILE}, unless {@code -Dorg.slf4j.simpleLogger.logFile}
     * says otherwise. It must run before the first logger exists, so {@code levi}'s main calls it for {@code demo}.
     */
    public static void logToFile() {
        if (System.getProperty(LOG_FILE_PROPERTY) == null) {
            try {
                Files.createDirectories(LOG_FILE.getParent());
                System.setProperty(LOG_FILE_PROPERTY, LOG_FILE.toString());
            } catch (IOException e) {
                System.err.println("levi demo: cannot create " + LOG_FILE.getParent() + " (" + e.getMessage()
                        + "); logging to the console");
            }
        }
    }

    // Tests run the command in their own JVM and stop it through a manual signal instead of SIGINT.
    Supplier<ShutdownSignal> stopSignal = ShutdownSignal::install;

    @Override
    public Integer call() throws Exception {
        DemoData.Choice choice = checkOptions();
        DemoConfigs configs = new DemoConfigs(configDir);
        if (!configs.missing().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--config-dir was '" + configDir + "' but it lacks "
                    + configs.missing() + ": run levi demo from the repository's root folder, or name the folder");
        }
        EngineThreads.configure(threads);
        DemoPlan plan = DemoPlan.of(quick, minutes);
        Path run = Files.createDirectories(out.resolve(RUN_NAME.format(LocalDateTime.now())));
        DemoConsole console = new DemoConsole(spec.commandLine().getOut());
        String log = System.getProperty(LOG_FILE_PROPERTY);
        if (log != null && !log.startsWith("System.")) {
            console.line("Run folder " + run + "; diagnostics in " + log);
        }
        try (ShutdownSignal stop = stopSignal.get()) {
            console.phase("[1/6] data");
            DemoData demoData = prepareData(choice, plan, console);
            console.phase("[2/6] backbones");
            Path backbones = DemoBackbones.prepare(demoData, configs, PretrainCommand.resolveDevice(spec, "auto"),
                    spec.commandLine().getOut());
            if (stop.isRequested()) {
                console.line("Stopped before Kafka started; nothing else was written.");
                return STOPPED;
            }
            console.phase("[3/6] Kafka");
            DemoRun demo = new DemoRun(plan, demoData, configs, backbones, run, console, stop, dashboardPort, serve);
            try (EmbeddedStack stack = startKafka()) {
                StreamFeed.KafkaTarget kafka = target(stack);
                console.line("  bootstrap.servers=" + kafka.bootstrapServers() + "  schema.registry.url="
                        + kafka.registryUrl() + (stack == null ? "" : "  (in this process, until the demo ends)"));
                return demo.run(kafka);
            }
        }
    }

    private DemoData.Choice checkOptions() {
        if (minutes != null && minutes < 1) {
            throw new ParameterException(spec.commandLine(), "--minutes was " + minutes + " but must be at least 1");
        }
        if (dashboardPort < 0 || dashboardPort > 65_535) {
            throw new ParameterException(spec.commandLine(), "--dashboard-port was " + dashboardPort
                    + " but must be 0 (a free port) to 65535");
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads was " + threads + " but must be at least 1");
        }
        if ((bootstrapServers == null) != (registryUrl == null)) {
            throw new ParameterException(spec.commandLine(), "--bootstrap-servers and --schema-registry-url go "
                    + "together: give both to use a cluster, or neither to start one");
        }
        try {
            return DemoData.Choice.parse(data);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private DemoData prepareData(DemoData.Choice choice, DemoPlan plan, DemoConsole console)
            throws IOException, InterruptedException {
        try {
            return DemoData.prepare(choice, dataDir, out.resolve("standin-x" + plan.standInScale()),
                    plan.standInScale(), spec.commandLine().getOut());
        } catch (DemoData.Unavailable e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + "; --data auto would use a stand-in");
        }
    }

    /** The embedded stack on free ports, or nothing when a cluster was given. */
    private EmbeddedStack startKafka() {
        if (bootstrapServers != null) {
            return null;
        }
        return EmbeddedStack.start(StackSettings.defaults().withBroker(BrokerSettings.defaults().withPort(0))
                .withRegistryPort(0));
    }

    /** The addresses to use: the given cluster's, or the started stack's. */
    private StreamFeed.KafkaTarget target(EmbeddedStack stack) {
        return stack == null ? new StreamFeed.KafkaTarget(bootstrapServers, registryUrl)
                : new StreamFeed.KafkaTarget(stack.bootstrapServers(), stack.registryUrl());
    }

}
