/**
 * The optimizer LEVI trains with: Adam or SGD with momentum, updating embedding tables row-sparsely (only the
 * rows a batch touched, "lazy Adam"), with a state (step counts and moments per parameter) that can be written
 * and read back bit-exactly. DJL's built-in optimizers update tables densely and expose no state.
 */
package org.levistream.model.optim;
