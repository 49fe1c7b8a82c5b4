/**
 * What the evaluator says about a finished version: metrics with confidence intervals, the ID–OOD gap, and the
 * alerts its comparison with the reference opens or resolves. Pure functions of the per-example scorings.
 */
package org.levistream.evaluator.report;
