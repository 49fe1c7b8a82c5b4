package org.levistream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.levistream.common.config.SettingDefs;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.model.levi.ModelSpec;
import org.levistream.trainer.config.TrainerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/configuration.md is the services' settings reference. Its trainer, evaluator and ingest parts are rendered here
 * from the settings the code declares (keys, defaults, descriptions) and the ingest commands' options, so the page
 * cannot drift from the code: when they differ this test fails and writes the fresh page to
 * {@code target/configuration.md}, to be copied over the old one.
 */
class ConfigurationReferenceTest {
    private static final Path PAGE = Path.of("..", "docs", "configuration.md");
    private static final String GENERATED = "<!-- generated: everything below, by ConfigurationReferenceTest -->";

    @Test
    void docsDescribeEverySettingTheServicesDeclare() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int cut = page.indexOf(GENERATED);
        assertThat(cut).as("%s keeps its generated part after %s", PAGE, GENERATED).isNotNegative();
        String expected = page.substring(0, cut) + GENERATED + "\n" + generated();
        if (!expected.equals(page)) {
            Path fresh = Files.writeString(Path.of("target", "configuration.md"), expected, StandardCharsets.UTF_8);
            assertThat(page).as("%s is out of date with the code: copy %s over it", PAGE, fresh.toAbsolutePath())
                    .isEqualTo(expected);
        }
    }

    @Test
    void theModelSectionNamesEveryModelKey() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        for (String key : List.of(ModelSpec.TASK, ModelSpec.CLASSES, ModelSpec.METHOD, ModelSpec.TAPS,
                ModelSpec.PROJECTION_WIDTH, ModelSpec.HEAD_HIDDEN, ModelSpec.HEAD_MODE, ModelSpec.HEAD_DROPOUT,
                ModelSpec.UNFREEZE_STEP, ModelSpec.SEED)) {
            assertThat(page).contains("`" + key + "`");
        }
    }

    static String generated() {
        return "\n## Trainer (`levi train`, `levi replay`)\n\n" + table(TrainerConfig.DEFINITIONS)
                + "\nAlso read: `model.*` (above), `schema.registry.*` and `basic.auth.*` (registry client), "
                + "`trainer.consumer.*` and `trainer.producer.*` (passed to the Kafka clients).\n"
                + "\n## Evaluator (`levi evaluate`)\n\n" + table(EvaluatorConfig.DEFINITIONS)
                + "\nAlso read: `schema.registry.*` and `basic.auth.*`, `evaluator.streams.*` (passed to Kafka "
                + "Streams).\n"
                + "\n## Ingest (`levi ingest movielens|amazon|images`): command-line options\n\n"
                + options(Levi.commandLine().getSubcommands().get("ingest").getSubcommands().get("movielens"))
                + "\n`levi ingest images` adds:\n\n" + imageOptions();
    }

    private static String table(SettingDefs defs) {
        StringBuilder s = new StringBuilder("| key | default | what it does |\n|---|---|---|\n");
        for (String key : defs.keys()) {
            SettingDefs.Def def = defs.def(key);
            s.append("| `").append(key).append("` | ")
                    .append(def.defaultValue() == null || def.defaultValue().isEmpty() ? "" : "`" + def.defaultValue() + "`")
                    .append(" | ").append(cell(def.doc())).append(" |\n");
        }
        return s.toString();
    }

    private static String options(CommandLine command) {
        StringBuilder s = new StringBuilder("| option | default | what it does |\n|---|---|---|\n");
        for (OptionSpec o : command.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                s.append(row(o));
            }
        }
        return s.toString();
    }

    private static String imageOptions() {
        CommandLine images = Levi.commandLine().getSubcommands().get("ingest").getSubcommands().get("images");
        List<String> shared = Levi.commandLine().getSubcommands().get("ingest").getSubcommands().get("movielens")
                .getCommandSpec().options().stream().map(OptionSpec::longestName).toList();
        StringBuilder s = new StringBuilder("| option | default | what it does |\n|---|---|---|\n");
        images.getCommandSpec().options().stream().filter(o -> !shared.contains(o.longestName()))
                .forEach(o -> s.append(row(o)));
        return s.toString();
    }

    private static String row(OptionSpec o) {
        String value = o.defaultValue();
        return "| `" + o.longestName() + "` | " + (value == null || value.isEmpty() ? "" : "`" + value + "`") + " | "
                + cell(String.join(" ", o.description()).replace("${DEFAULT-VALUE}", Objects.toString(value))) + " |\n";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
