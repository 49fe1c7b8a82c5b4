/**
 * Tensors as JVM values ({@link org.levistream.model.tensor.NamedTensor}) and the binary layout in which the
 * model module writes them to disk (parameters, optimizer moments, backbones). Copies here are bit-exact.
 */
package org.levistream.model.tensor;
