/** Test data and model versions for the evaluator's tests. */
package org.levistream.evaluator.testing;
