/**
 * The dead-letter contract every service writes to {@code levi.deadletter}: the header names and how their values
 * are encoded. Defined once here, so that a tool reading dead letters needs to know only this package.
 */
package org.levistream.schemas.deadletter;
