package io.hedge.chaos.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a short external command (here: {@code ip}) to completion, with a timeout, and fails with the command line and
 * its output: a network fault that silently did nothing would make a chaos run prove nothing.
 */
public final class Shell
{
    /** Long enough for {@code ip netns add} on a loaded machine, short enough that a hung command shows. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * A command that exited with a non-zero code or did not finish in time.
     */
    public static final class CommandFailedException extends RuntimeException
    {
        private final int exitCode;
        private final String output;

        CommandFailedException(final List<String> command, final int exitCode, final String output, final String why)
        {
            super("`" + String.join(" ", command) + "` " + why + (output.isBlank() ? "" : ": " + output.strip()));
            this.exitCode = exitCode;
            this.output = output;
        }

        /**
         * @return the exit code, or -1 when the command timed out.
         */
        public int exitCode()
        {
            return exitCode;
        }

        /**
         * @return what the command printed, standard output and error together.
         */
        public String output()
        {
            return output;
        }
    }

    private Shell()
    {
    }

    /**
     * Run a command with {@link #DEFAULT_TIMEOUT}.
     *
     * @return its standard output and error, together.
     * @throws CommandFailedException if it exits with a non-zero code or does not finish in time.
     */
    public static String run(final String... command)
    {
        return run(DEFAULT_TIMEOUT, List.of(command));
    }

    /**
     * @return the command's standard output and error, together.
     * @throws CommandFailedException if it exits with a non-zero code or does not finish in time (it is killed).
     */
    public static String run(final Duration timeout, final List<String> command)
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run `" + String.join(" ", command) + "`", ex);
        }
        try
        {
            process.getOutputStream().close();
            // the commands print little; read on a thread of its own so that a full pipe cannot hang the wait
            final FutureTask<String> output = new FutureTask<>(() -> readAll(process.getInputStream()));
            final Thread reader = new Thread(output, "shell-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new CommandFailedException(command, -1, outputOf(output),
                    "did not finish within " + timeout.toMillis() + " ms");
            }
            final String out = outputOf(output);
            if (0 != process.exitValue())
            {
                throw new CommandFailedException(command, process.exitValue(), out,
                    "failed with exit code " + process.exitValue());
            }
            return out;
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`", ex);
        }
    }

    private static String outputOf(final FutureTask<String> output) throws InterruptedException
    {
        try
        {
            return output.get(5, TimeUnit.SECONDS);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            return "[output not read: " + ex + "]";
        }
    }

    private static String readAll(final InputStream in)
    {
        try
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "[cannot read output: " + ex.getMessage() + "]";
        }
    }
}
