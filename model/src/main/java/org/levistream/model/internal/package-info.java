/**
 * Internal helpers of the model module (tensor files, hashing, JSON, durable writes). Public only so that the
 * module's own packages can share them; callers outside the model module must not use them.
 */
package org.levistream.model.internal;
