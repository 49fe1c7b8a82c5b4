/**
 * The evaluator's settings, each declared once ({@link org.levistream.evaluator.config.EvaluatorConfig#DEFINITIONS}),
 * and the held-out topic naming convention it relies on.
 */
package org.levistream.evaluator.config;
