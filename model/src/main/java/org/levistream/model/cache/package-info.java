/**
 * A bounded cache of a frozen backbone's taps, keyed by item or image id. A frozen backbone's taps never change
 * for a given input, so most of a LEVI step's backbone cost disappears: LEVI's efficiency claim.
 */
package org.levistream.model.cache;
