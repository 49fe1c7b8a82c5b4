/**
 * {@code levi experiment}: reads the options of the paper's offline protocol and runs it with the experiment
 * module ({@link org.levistream.experiment.protocol.OfflineExperiment}).
 */
package org.levistream.app.experiment;
