/** LEVI Stream benchmarks module. */
package org.levistream.bench;
