package org.levistream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.levistream.common.config.InvalidConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

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

    @Test
    void aRejectedSettingIsExitTwoWithItsLinesAndNoStackTrace() {
        var invalid = new InvalidConfigException(List.of("x.port was -1 but must be at least 0",
                "x.topic was 'a b' but must be a Kafka topic name"));
        var err = new StringWriter();
        int exit = run(new RuntimeException("wrapped", invalid), err);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("probe: x.port was -1 but must be at least 0\n"
                + "x.topic was 'a b' but must be a Kafka topic name" + System.lineSeparator());
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
