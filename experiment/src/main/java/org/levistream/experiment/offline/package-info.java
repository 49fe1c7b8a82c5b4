/**
 * The offline side of LEVI shared by {@code levi pretrain} and {@code levi experiment}: real data read with the
 * ingest readers and split by the same YAML split files that drive ingest, featurized with the model module's
 * featurizers into in-memory example sets, plus the training loop over them ({@link
 * org.levistream.experiment.offline.ModelRun}, on the model module's assembly and scorer), console progress and the
 * tiny generated data sets of {@code --quick} runs.
 */
package org.levistream.experiment.offline;
