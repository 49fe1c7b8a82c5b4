/**
 * The trainer's settings: one immutable, validated {@link org.levistream.trainer.config.TrainerConfig} built once at
 * start-up from a YAML file, {@code LEVI_*} environment variables and command-line overrides (in rising order of
 * precedence), with every problem reported at once, each naming the key, the value found and the rule.
 */
package org.levistream.trainer.config;
