package org.levistream.model.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Arrays;
import java.util.Locale;
import org.levistream.common.config.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device setting. Resolve it once at start-up and build every model, backbone and batch on the result.
 */
public enum DeviceChoice {
    /** The first GPU when the engine sees one, else the CPU. */
    AUTO,
    /** The CPU. */
    CPU,
    /** The first GPU; an error when the engine sees none. */
    GPU;

    private static final Logger log = LoggerFactory.getLogger(DeviceChoice.class);

    /**
     * Parses a setting.
     *
     * @param key   the setting's key, for the message (e.g. {@code trainer.device})
     * @param value {@code auto}, {@code cpu} or {@code gpu}, any case
     * @return the choice
     * @throws InvalidConfigException naming key, value and the allowed values
     */
    public static DeviceChoice parse(String key, String value) {
        for (DeviceChoice c : values()) {
            if (c.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return c;
            }
        }
        throw new InvalidConfigException(key + " was " + value + " but must be one of "
                + Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * Resolves against the default engine.
     *
     * @return the device
     * @throws InvalidConfigException for {@link #GPU} when the engine sees no GPU
     */
    public Device resolve() {
        int gpus = Engine.getInstance().getGpuCount();
        Device device = resolve(gpus);
        // One line says what was chosen and why: DJL's own probe is silenced (its WARN on every start of a machine
        // without a usable CUDA driver said nothing a user could act on).
        log.info("Device {}: {} ({})", name().toLowerCase(Locale.ROOT), device, gpus == 0
                ? "the engine sees no GPU: no CUDA driver, a CPU-only libtorch, or CUDA_VISIBLE_DEVICES hides it"
                : "the engine sees " + gpus + " GPU" + (gpus == 1 ? "" : "s"));
        return device;
    }

    /**
     * Resolves given how many GPUs the engine sees.
     *
     * @param gpuCount {@code Engine.getInstance().getGpuCount()}
     * @return the device
     * @throws InvalidConfigException for {@link #GPU} when {@code gpuCount} is 0
     */
    public Device resolve(int gpuCount) {
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpuCount > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpuCount < 1) {
                    throw new InvalidConfigException("device was gpu but the engine sees no GPU (a CPU-only libtorch, "
                            + "no driver, or CUDA_VISIBLE_DEVICES hides it); use auto or cpu");
                }
                yield Device.gpu();
            }
        };
    }
}
