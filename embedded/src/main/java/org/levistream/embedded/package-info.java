/** LEVI Stream embedded module. */
package org.levistream.embedded;
