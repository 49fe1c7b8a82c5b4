package org.levistream.model.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Arrays;
import java.util.Locale;
import org.levistream.common.config.InvalidConfigException;

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
        return resolve(Engine.getInstance().getGpuCount());
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
