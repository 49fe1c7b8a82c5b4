/**
 * The one way a backbone, a {@link org.levistream.model.levi.LeviModel} and its
 * {@link org.levistream.model.levi.LeviTrainer} (with a tap cache where the backbone stays frozen) are put together
 * from settings and closed together: {@link org.levistream.model.assembly.ModelAssembly}. The trainer, the offline
 * experiment and the evaluator all build their models here.
 */
package org.levistream.model.assembly;
