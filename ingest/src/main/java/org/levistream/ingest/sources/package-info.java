/**
 * The data sources a split file declares ({@code sources:}): what each is (IDX pair, image folder, digits CSV,
 * MovieLens, Amazon JSON lines), where its files are and which domain its records carry, and how each is opened with
 * the ingest readers. The offline experiment reads its sets from them, so that a new OOD set is a source and a rule.
 */
package org.levistream.ingest.sources;
