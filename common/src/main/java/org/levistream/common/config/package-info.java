/**
 * Settings, the way every module reads them: {@link org.levistream.common.config.SettingsLayers} gathers dotted keys
 * from built-in defaults, a YAML file, {@code LEVI_*} environment variables and command-line overrides, in that
 * order of precedence; {@link org.levistream.common.config.SettingDefs} declares each setting once with its type,
 * default and rule and reads them all, collecting every problem; and
 * {@link org.levistream.common.config.InvalidConfigException} reports them at once, one line each, in the form
 * {@code KEY was VALUE but RULE}. Depends on no Kafka, Avro or DJL.
 */
package org.levistream.common.config;
