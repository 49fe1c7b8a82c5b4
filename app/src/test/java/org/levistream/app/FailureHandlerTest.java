package org.levistream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class FailureHandlerTest {

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        private final RuntimeException failure;

        Probe(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "schemas", "model"})
    void everyModulesConfigErrorIsExitTwoWithOneLine(String module) {
        RuntimeException invalid = switch (module) {
            case "embedded" -> new org.levistream.common.config.InvalidConfigException("x.port", "-1", "must be >= 0");
            case "schemas" -> new org.levistream.common.config.InvalidConfigException(List.of("x.port was -1 but must be >= 0"));
            default -> new org.levistream.common.config.InvalidConfigException(List.of("x.port was -1 but must be >= 0"));
        };
        var err = new StringWriter();
        int exit = run(new RuntimeException("wrapped", invalid), err);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("x.port").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"boom"})
    void anythingElseIsExitOneWithTheStackTrace(String message) {
        var err = new StringWriter();
        int exit = run(new IllegalStateException(message), err);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("failed: java.lang.IllegalStateException: boom").contains("\tat ");
    }

    private static int run(RuntimeException failure, StringWriter err) {
        var handler = new FailureHandler();
        return new CommandLine(new Probe(failure))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(handler)
                .setParameterExceptionHandler(handler)
                .execute();
    }
}
