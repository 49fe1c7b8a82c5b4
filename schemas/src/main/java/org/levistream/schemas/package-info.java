/** LEVI Stream schemas module. */
package org.levistream.schemas;
