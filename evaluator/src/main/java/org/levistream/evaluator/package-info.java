/** LEVI Stream evaluator module. */
package org.levistream.evaluator;
