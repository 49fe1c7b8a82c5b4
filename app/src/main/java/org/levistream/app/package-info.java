/** LEVI Stream app module. */
package org.levistream.app;
