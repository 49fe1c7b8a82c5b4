/** LEVI Stream model module. */
package org.levistream.model;
