/** {@code levi replay}: an isolated, bounded trainer over a stretch of the input topics, for comparing settings. */
package org.levistream.app.replay;
