package org.levistream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShutdownSignalTest {

    @Test
    void runsARegisteredStopActionOnceWhenAStopIsRequested() {
        var stops = new AtomicInteger();
        try (ShutdownSignal signal = ShutdownSignal.manual()) {
            signal.whenRequested(stops::incrementAndGet);
            assertThat(signal.isRequested()).isFalse();
            assertThat(stops).hasValue(0);

            signal.request();
            signal.request();

            assertThat(signal.isRequested()).isTrue();
            assertThat(stops).hasValue(1);
        }
    }

    @Test
    void runsAnActionRegisteredAfterTheRequestAtOnce() {
        var stops = new AtomicInteger();
        try (ShutdownSignal signal = ShutdownSignal.manual()) {
            signal.request();
            signal.whenRequested(stops::incrementAndGet);
            assertThat(stops).hasValue(1);
        }
    }
}
