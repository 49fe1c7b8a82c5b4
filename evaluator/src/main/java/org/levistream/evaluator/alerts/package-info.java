/**
 * When a new model version is worse out of distribution than its reference: one-sided paired tests on the same
 * held-out records, example by example, with Holm's correction across the topics of a version.
 */
package org.levistream.evaluator.alerts;
