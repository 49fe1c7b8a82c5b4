/**
 * The {@code levi} command line: one picocli command class per subcommand, all started from {@link
 * org.levistream.app.Levi}. Commands print what a user needs through picocli's writers, log diagnostics through
 * SLF4J, and exit 0 on success, 2 on bad input or configuration, 1 on a runtime failure.
 */
package org.levistream.app;
