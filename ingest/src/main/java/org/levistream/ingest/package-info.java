/** LEVI Stream ingest module. */
package org.levistream.ingest;
