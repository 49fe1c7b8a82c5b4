/**
 * The offline side of LEVI shared by {@code levi pretrain}, {@code levi experiment} and {@code levi bench}: real
 * data read with the ingest readers and split by the same YAML split files that drive ingest, featurized with the
 * model module's featurizers into in-memory example sets, plus the training loop, metrics, console progress, the
 * catalogue of pre-trained backbones and the tiny generated data sets of {@code --quick} runs.
 */
package org.levistream.app.offline;
