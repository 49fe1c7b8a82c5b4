/** Chooses the device once per service: {@code auto} (GPU when DJL sees one), {@code cpu} or {@code gpu}. */
package org.levistream.model.device;
