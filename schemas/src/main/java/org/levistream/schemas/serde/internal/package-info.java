/** The serde's hot-path machinery: reusable buffers, encoders and decoders. Not for callers. */
package org.levistream.schemas.serde.internal;
