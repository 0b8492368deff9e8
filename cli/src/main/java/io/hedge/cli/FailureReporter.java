package io.hedge.cli;

import io.aeron.exceptions.RegistrationException;
import io.hedge.client.HedgeException;
import io.hedge.journal.JournalCorruptException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.function.BooleanSupplier;

/**
 * Turns a command that failed into one line on stderr and an exit code: a person who gave a bad port or a missing file
 * wants to read what is wrong, not a stack trace; {@code hedge --verbose} adds the trace for whoever has to debug it.
 * Exit code 2 for what the user gave (settings, options, files, the media driver to use), 1 for a corrupt journal or
 * a fault of Hedge itself.
 */
final class FailureReporter implements IExecutionExceptionHandler, IParameterExceptionHandler
{
    static final int USAGE = 2;
    static final int FAILURE = 1;

    private final BooleanSupplier verbose;

    FailureReporter(final BooleanSupplier verbose)
    {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(final Exception ex, final CommandLine commandLine, final ParseResult parseResult)
    {
        return report(ex, commandLine);
    }

    @Override
    public int handleParseException(final ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        err.println(prefix(commandLine) + ex.getMessage() + " (see '" + commandLine.getCommandSpec().qualifiedName() +
            " --help')");
        if (verbose.getAsBoolean())
        {
            ex.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    /**
     * Print the one line for this failure of a command.
     *
     * @return the exit code.
     */
    int report(final Throwable failure, final CommandLine commandLine)
    {
        final PrintWriter err = commandLine.getErr();
        final Throwable known = knownCause(failure);
        final int exitCode;
        if (null != known)
        {
            err.println(prefix(commandLine) + message(known));
            exitCode = known instanceof JournalCorruptException ? FAILURE : USAGE;
        }
        else
        {
            err.println(prefix(commandLine) + "internal error: " + failure + (verbose.getAsBoolean() ? "" :
                " (hedge --verbose ... prints the stack trace)"));
            exitCode = FAILURE;
        }
        if (verbose.getAsBoolean())
        {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    private static String prefix(final CommandLine commandLine)
    {
        return commandLine.getCommandSpec().qualifiedName() + ": ";
    }

    /** The first cause whose message a person can act on, or null. */
    private static Throwable knownCause(final Throwable failure)
    {
        for (Throwable cause = failure; null != cause; cause = cause.getCause())
        {
            if (cause instanceof IllegalArgumentException || cause instanceof HedgeException ||
                cause instanceof JournalCorruptException || cause instanceof RegistrationException ||
                cause instanceof FileSystemException)
            {
                return cause;
            }
            if (cause instanceof UncheckedIOException && cause.getCause() instanceof FileSystemException)
            {
                return cause;
            }
            if (cause == cause.getCause())
            {
                break;
            }
        }
        return null;
    }

    private static String message(final Throwable known)
    {
        if (known instanceof RegistrationException)
        {
            return "the media driver refused a channel: " + driverReason(known.getMessage()) +
                " (check the host, port and channel settings)";
        }
        if (known instanceof UncheckedIOException)
        {
            return known.getMessage() + ": " + fileProblem((FileSystemException)known.getCause());
        }
        if (known instanceof FileSystemException)
        {
            return "cannot use " + ((FileSystemException)known).getFile() + ": " +
                fileProblem((FileSystemException)known);
        }
        return known.getMessage();
    }

    /** Aeron's "ERROR - java.lang.IllegalArgumentException: port out of range:70000, errorCodeValue=1" as its reason. */
    static String driverReason(final String message)
    {
        String reason = null == message ? "" : message;
        if (reason.startsWith("ERROR - "))
        {
            reason = reason.substring("ERROR - ".length());
        }
        final int codeAt = reason.lastIndexOf(", errorCodeValue=");
        if (codeAt > 0)
        {
            reason = reason.substring(0, codeAt);
        }
        final int classEnd = reason.indexOf(": ");
        if (classEnd > 0 && reason.substring(0, classEnd).matches("[\\w.$]+(Exception|Error)"))
        {
            reason = reason.substring(classEnd + 2);
        }
        return reason;
    }

    private static String fileProblem(final FileSystemException ex)
    {
        final String what;
        if (ex instanceof FileAlreadyExistsException)
        {
            what = "a file is in the way";
        }
        else if (ex instanceof NoSuchFileException)
        {
            what = "no such file or directory";
        }
        else if (ex instanceof NotDirectoryException)
        {
            what = "not a directory";
        }
        else if (ex instanceof AccessDeniedException)
        {
            what = "permission denied";
        }
        else
        {
            what = null == ex.getReason() ? ex.getClass().getSimpleName() : ex.getReason();
        }
        return null == ex.getOtherFile() ? what : what + " (" + ex.getOtherFile() + ")";
    }
}
