package org.levistream.model.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.levistream.common.config.InvalidConfigException;

@Timeout(60)
class DeviceChoiceTest {

    @ParameterizedTest
    @CsvSource({"auto, 0, cpu()", "auto, 2, gpu(0)", "cpu, 2, cpu()", "GPU, 1, gpu(0)"})
    void resolvesAgainstTheGpuCount(String setting, int gpus, String device) {
        Device resolved = DeviceChoice.parse("trainer.device", setting).resolve(gpus);
        assertThat(resolved).isEqualTo(device.equals("cpu()") ? Device.cpu() : Device.gpu());
    }

    @Test
    void gpuWithoutOneIsAClearError() {
        assertThatThrownBy(() -> DeviceChoice.GPU.resolve(0))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("device was gpu but the engine sees no GPU");
    }

    @Test
    void rejectsUnknownSettingsNamingKeyValueAndChoices() {
        assertThatThrownBy(() -> DeviceChoice.parse("trainer.device", "tpu"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("trainer.device was tpu but must be one of [auto, cpu, gpu]");
    }

    @Test
    @Tag("gpu")
    void gpuResolvesWhereOneIsPresent() {
        assertThat(DeviceChoice.GPU.resolve().isGpu()).isTrue();
    }
}
