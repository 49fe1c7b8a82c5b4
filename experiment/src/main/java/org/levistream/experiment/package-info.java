/**
 * The offline experiment protocol of LEVI: pre-training the backbones, in-memory data sets split by the same files
 * that drive ingest, the learning-rate search on ID validation and the result tables. Depends on the model, schemas
 * and ingest modules; only the {@code levi} command line depends on it.
 */
package org.levistream.experiment;
