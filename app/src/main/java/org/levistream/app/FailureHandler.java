package org.levistream.app;

import java.io.PrintWriter;

import org.levistream.common.config.InvalidConfigException;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns failures into exit codes. Bad input (an unknown option, a value picocli cannot convert, a setting a
 * service rejects) is the user's to fix: one line naming what was wrong, exit 2. Anything else failed while
 * running: one line, then the stack trace for whoever debugs it, exit 1.
 */
final class FailureHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        InvalidConfigException invalid = invalidConfig(e);
        if (invalid != null) {
            err.println(name + ": " + invalid.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        err.println(name + ": failed: " + e);
        e.printStackTrace(err);
        err.flush();
        return ExitCode.SOFTWARE;
    }

    // Services may wrap a rejected setting in their own exception; the setting is still the user's to fix.
    private static InvalidConfigException invalidConfig(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
