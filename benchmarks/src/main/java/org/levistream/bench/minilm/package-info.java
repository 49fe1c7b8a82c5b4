/**
 * {@code levi bench minilm}: our DJL MiniLM encoder's forward pass against ONNX Runtime on the original ONNX file,
 * same token ids, one thread each, as a ratio measured in one run.
 */
package org.levistream.bench.minilm;
