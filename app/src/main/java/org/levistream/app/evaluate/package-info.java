/** {@code levi evaluate}: the evaluator's command line, a thin layer over the evaluator module. */
package org.levistream.app.evaluate;
