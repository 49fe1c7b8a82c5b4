/**
 * Reading and validating settings: {@link org.levistream.schemas.config.ConfigReader} turns a raw key/value map
 * into typed values and collects every problem, and {@link org.levistream.schemas.config.InvalidConfigException}
 * reports them all at once, one line per problem. Shared by every module's config record.
 */
package org.levistream.schemas.config;
