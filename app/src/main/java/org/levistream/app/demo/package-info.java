/**
 * {@code levi demo}: the whole system on one machine in one command: the embedded broker and registry, the real data
 * (or a labelled stand-in), backbones, ingest, LEVI and FT trainers per stream, the evaluator and its dashboard, and
 * a summary with a static report at the end.
 */
package org.levistream.app.demo;
