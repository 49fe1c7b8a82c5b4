package org.levistream.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidConfigExceptionTest {
    @Test
    void messageHasOneLinePerProblemInTheOrderFound() {
        var e = new InvalidConfigException(List.of("a was '1' but must be 2", "b was '3' but must be 4"));

        assertThat(e.getMessage()).isEqualTo("a was '1' but must be 2\nb was '3' but must be 4");
        assertThat(e.problems()).containsExactly("a was '1' but must be 2", "b was '3' but must be 4");
    }

    @Test
    void keyValueAndRuleMakeOneLineQuotingOnlyText() {
        assertThat(new InvalidConfigException("port", 70000, "must be 0 (a free port) or in 1..65535").getMessage())
                .isEqualTo("port was 70000 but must be 0 (a free port) or in 1..65535");
        assertThat(InvalidConfigException.problem("trainer.experiment", "bad name", "must be 1-120 letters"))
                .isEqualTo("trainer.experiment was 'bad name' but must be 1-120 letters");
        assertThat(InvalidConfigException.problem("trainer.idle.skip", Duration.ZERO, "must be positive"))
                .isEqualTo("trainer.idle.skip was PT0S but must be positive");
        assertThat(InvalidConfigException.problem("logDir", Path.of("/tmp/x"), "must be a directory"))
                .isEqualTo("logDir was /tmp/x but must be a directory");
        assertThat(InvalidConfigException.problem("broker", null, "must be given"))
                .isEqualTo("broker was unset but must be given");
        assertThat(InvalidConfigException.problem("trainer.input.topics", List.of(), "must name at least one topic"))
                .isEqualTo("trainer.input.topics was empty but must name at least one topic");
    }

    @Test
    void refusesToBeThrownWithoutAProblem() {
        assertThatThrownBy(() -> new InvalidConfigException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
