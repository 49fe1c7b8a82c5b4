/** LEVI Stream trainer module. */
package org.levistream.trainer;
