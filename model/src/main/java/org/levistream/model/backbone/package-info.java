/**
 * Pre-trained backbones whose intermediate layers are tapped ("pre-trained views" in LEVI): a DJL block stack
 * with saved parameters ({@link org.levistream.model.backbone.BlockBackbone}), a user's TorchScript module
 * ({@link org.levistream.model.backbone.TorchScriptBackbone}), and a content-addressed store that keeps each
 * backbone once, by hash.
 */
package org.levistream.model.backbone;
