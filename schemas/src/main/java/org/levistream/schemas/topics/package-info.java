/**
 * The one policy by which every service creates the topics it writes: what is missing is created with the
 * partitions, replication and cleanup policy its kind calls for; what exists is left alone; a topic that can be
 * neither found nor created stops the service with a message naming it.
 */
package org.levistream.schemas.topics;
