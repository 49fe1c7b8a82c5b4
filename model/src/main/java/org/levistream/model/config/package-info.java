/** Validation errors for the model module's settings: one exception that lists every problem at once. */
package org.levistream.model.config;
