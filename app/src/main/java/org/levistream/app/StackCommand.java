package org.levistream.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.levistream.common.config.InvalidConfigException;
import org.levistream.embedded.kafka.BrokerSettings;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.embedded.stack.StackSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code levi stack}: a Kafka broker (KRaft, single node) and a Confluent-compatible schema registry in this
 * process, until Ctrl+C. Other programs, including other {@code levi} commands, connect to the printed addresses.
 */
@Command(name = "stack",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run Kafka and a schema registry on this machine until Ctrl+C (or SIGTERM).",
            "",
            "The broker is a real Apache Kafka node (KRaft mode, broker and controller in one), so any Kafka "
                    + "client works against it. The registry speaks Confluent's REST API and keeps its schemas in "
                    + "the _schemas topic. The addresses are printed as client config lines, ready to paste into "
                    + "a .properties file.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  levi stack                                   the usual ports, 9092 and 8081",
            "  levi stack --broker-port 0 --registry-port 0 free ports, printed at start",
            "  levi stack --data-dir data/kafka             keep topics and schemas"})
final class StackCommand implements Callable<Integer> {

    // The settings' names for what the user typed as options, so that a rejected value names the option.
    private static final Map<String, String> OPTION_FOR_KEY = Map.of(
            "port", "--broker-port", "registryPort", "--registry-port", "logDir", "--data-dir");

    @Spec
    CommandSpec spec;

    // Tests run the command in their own JVM and stop it through a manual signal instead of SIGINT.
    Supplier<ShutdownSignal> stopSignal = ShutdownSignal::install;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "${env:LEVI_BROKER_PORT:-9092}",
            description = "Kafka's client port; 0 picks a free one (default: ${DEFAULT-VALUE}, env LEVI_BROKER_PORT).")
    int brokerPort;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "${env:LEVI_REGISTRY_PORT:-8081}",
            description = "The schema registry's HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}, "
                    + "env LEVI_REGISTRY_PORT).")
    int registryPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the broker's log here, so topics, records and schemas survive a restart "
                    + "(default: a temporary directory, deleted on exit).")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        try {
            return run(settings());
        } catch (InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), asOption(e));
        }
    }

    StackSettings settings() {
        BrokerSettings broker = BrokerSettings.defaults().withPort(brokerPort).withLogDir(dataDir);
        return StackSettings.defaults().withBroker(broker).withRegistryPort(registryPort);
    }

    private int run(StackSettings settings) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (var stop = stopSignal.get()) {
            try (var stack = EmbeddedStack.start(settings)) {
                out.println("bootstrap.servers=" + stack.bootstrapServers());
                out.println("schema.registry.url=" + stack.registryUrl());
                out.printf("Kafka and the schema registry are up (%d ms); data in %s%s. Press Ctrl+C to stop.%n",
                        stack.startupTime().toMillis(), stack.broker().logDir(),
                        settings.broker().temporaryLogDir() ? " (temporary)" : "");
                out.flush();
                stop.await();
                out.println("Stopping...");
                out.flush();
            }
            out.println("Stopped cleanly.");
            out.flush();
        }
        return 0;
    }

    // Each problem line starts with its key ("port was 70000 but ..."); name the option the user typed instead.
    private static String asOption(InvalidConfigException e) {
        return e.problems().stream().map(StackCommand::asOption).collect(Collectors.joining("; "));
    }

    private static String asOption(String problem) {
        for (Map.Entry<String, String> key : OPTION_FOR_KEY.entrySet()) {
            if (problem.startsWith(key.getKey() + " was ")) {
                return key.getValue() + problem.substring(key.getKey().length());
            }
        }
        return problem;
    }
}
