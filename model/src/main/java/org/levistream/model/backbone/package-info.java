/**
 * Pre-trained backbones whose intermediate layers are tapped ("pre-trained views" in LEVI): DJL blocks with saved
 * parameters ({@link org.levistream.model.backbone.BlockBackbone}: an MLP or CNN stack, or the recommendation
 * backbone's content and user-context towers with joint layers), a user's TorchScript module
 * ({@link org.levistream.model.backbone.TorchScriptBackbone}), and a content-addressed store that keeps each
 * backbone once, by hash.
 */
package org.levistream.model.backbone;
