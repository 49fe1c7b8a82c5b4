package org.levistream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class LeviVariablesTest {
    private static CommandSpec command(String... names) {
        CommandLine line = Levi.commandLine();
        for (String name : names) {
            line = line.getSubcommands().get(name);
        }
        return line.getCommandSpec();
    }

    private static List<String> unread(CommandSpec spec, Map<String, String> env) {
        return spec.userObject() instanceof ServiceCommand service ? service.unreadVariables(env)
                : LeviVariables.unread(env, spec, key -> false, List.of());
    }

    @Test
    void aTrainerKeyWithoutItsPrefixIsReportedWithTheVariableMeant() {
        assertThat(unread(command("train"), Map.of("LEVI_DEVICE", "gpu", "LEVI_TRAINER_BATCH_SIZE", "64")))
                .containsExactly("LEVI_DEVICE is set but levi train reads nothing from it; did you mean "
                        + "LEVI_TRAINER_DEVICE?");
    }

    @Test
    void theLauncherTheKafkaOptionsAndTheSettingsOfTheCommandAreRead() {
        Map<String, String> env = Map.of("LEVI_JAVA_OPTS", "-Xmx1g", "LEVI_BOOTSTRAP_SERVERS", "k:9092",
                "LEVI_SCHEMA_REGISTRY_URL", "http://r:8081", "LEVI_EVALUATOR_DASHBOARD_HOST", "0.0.0.0",
                "LEVI_DEAD_LETTER_TOPIC", "dlq", "HOME", "/root");

        assertThat(unread(command("evaluate"), env)).isEmpty();
    }

    @Test
    void anotherServicesSettingIsReportedBecauseThisOneIgnoresIt() {
        assertThat(unread(command("ingest", "movielens"), Map.of("LEVI_TRAINER_DEVICE", "auto")))
                .containsExactly("LEVI_TRAINER_DEVICE is set but levi ingest movielens reads nothing from it "
                        + "(its --help lists what it reads)");
    }

    @Test
    void anOptionsEnvironmentDefaultCountsAndKafkaVariablesOnlyWhereThereIsKafka() {
        assertThat(unread(command("pretrain"), Map.of("LEVI_DATA_DIR", "/data", "LEVI_THREADS", "2")))
                .isEmpty();
        assertThat(unread(command("pretrain"), Map.of("LEVI_BOOTSTRAP_SERVERS", "k:9092")))
                .singleElement().asString().startsWith("LEVI_BOOTSTRAP_SERVERS is set but levi pretrain reads");
    }
}
