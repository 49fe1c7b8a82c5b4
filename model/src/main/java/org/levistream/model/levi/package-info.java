/**
 * LEVI itself: the adapting layers that join a frozen backbone's tapped layers with a small task model,
 * y = A([P1 h_l1(x), ..., PK h_lK(x), g(x)]), its baselines chosen by {@link org.levistream.model.levi.Method},
 * the settings record that describes a model, and the training step.
 */
package org.levistream.model.levi;
