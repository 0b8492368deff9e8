package io.hedge.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Hedge role in a JVM of its own, started with this JVM's java, class path and flags, its output in a log
 * file. The fault injectors are process signals: {@link #stop()} is SIGTERM, {@link #kill()} is SIGKILL.
 */
public final class RoleProcess implements AutoCloseable
{
    private final String name;
    private final Process process;
    private final Path log;

    private RoleProcess(final String name, final Process process, final Path log)
    {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param name      for messages.
     * @param mainClass the class to run.
     * @param args      its arguments.
     * @param log       file for its standard output and error.
     * @return the started process.
     */
    public static RoleProcess start(final String name, final String mainClass, final List<String> args, final Path log)
    {
        return start(name, mainClass, args, log, System.getProperty("java.class.path"), List.of(), null);
    }

    /**
     * Start a main class with a class path of its own, for a program that is not Hedge (an Aeron Cluster node
     * from the aeron-all jar, say): the same JVM flags as {@link #start(String, String, List, Path)}, then the
     * extra JVM arguments (later {@code -D} settings win over inherited ones).
     *
     * @param name       for messages.
     * @param mainClass  the class to run.
     * @param args       its arguments.
     * @param log        file for its standard output and error.
     * @param classPath  the class path of the child.
     * @param jvmArgs    more JVM arguments, such as {@code -Dkey=value}.
     * @param workingDir the child's working directory, or null for this process's.
     * @return the started process.
     */
    public static RoleProcess start(
        final String name,
        final String mainClass,
        final List<String> args,
        final Path log,
        final String classPath,
        final List<String> jvmArgs,
        final Path workingDir)
    {
        return start(name, mainClass, args, log, classPath, jvmArgs, workingDir, List.of());
    }

    /**
     * Start a Hedge role with this JVM's class path inside a network namespace of a chaos run: the command prefix
     * ({@code ip netns exec NAME}, from {@code ChaosTopology.commandPrefix}) comes before the java command. {@code ip}
     * execs java in its own place, so {@link #pid()}, {@link #pause()} and {@link #kill()} act on the JVM itself.
     *
     * @param commandPrefix words before the java command, such as {@code [ip, netns, exec, hx1a2b3c-replica-A]}.
     * @param name          for messages.
     * @param mainClass     the class to run.
     * @param args          its arguments.
     * @param log           file for its standard output and error.
     * @param jvmArgs       more JVM arguments, such as {@code -Dkey=value}.
     * @return the started process.
     */
    public static RoleProcess startIn(
        final List<String> commandPrefix,
        final String name,
        final String mainClass,
        final List<String> args,
        final Path log,
        final List<String> jvmArgs)
    {
        return start(name, mainClass, args, log, System.getProperty("java.class.path"), jvmArgs, null, commandPrefix);
    }

    /**
     * The most general start: {@link #start(String, String, List, Path, String, List, Path)} with a command prefix.
     *
     * @param commandPrefix words before the java command ({@code ip netns exec NAME}), or empty.
     */
    public static RoleProcess start(
        final String name,
        final String mainClass,
        final List<String> args,
        final Path log,
        final String classPath,
        final List<String> jvmArgs,
        final Path workingDir,
        final List<String> commandPrefix)
    {
        final List<String> command = new ArrayList<>(commandPrefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            // the flags Chronicle and Aeron need, and the analytics switch, but no debugger or agent of the parent
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle.") || arg.startsWith("-Dagrona.") ||
                arg.startsWith("-Daeron.") || arg.startsWith("-Dorg.slf4j."))
            {
                command.add(arg);
            }
        }
        command.add("-Xmx512m");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        try
        {
            Files.createDirectories(log.toAbsolutePath().getParent());
            final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            if (null != workingDir)
            {
                Files.createDirectories(workingDir);
                builder.directory(workingDir.toFile());
            }
            final Process process = builder.start();
            return new RoleProcess(name, process, log);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + name, ex);
        }
    }

    /**
     * Wait until the process has printed a line containing the text.
     *
     * @throws TimeoutException naming the process and its log if it does not, or if it exits first.
     */
    public void awaitOutput(final String text, final long timeout, final TimeUnit unit) throws TimeoutException
    {
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() - deadlineNs < 0)
        {
            if (output().contains(text))
            {
                return;
            }
            if (!process.isAlive())
            {
                throw new TimeoutException(name + " exited with " + process.exitValue() + " before printing '" + text +
                    "'; its log " + log + " ends:\n" + tail());
            }
            sleep(20);
        }
        throw new TimeoutException(name + " did not print '" + text + "' within " + unit.toMillis(timeout) +
            " ms; its log " + log + " ends:\n" + tail());
    }

    /**
     * @return everything the process printed so far.
     */
    public String output()
    {
        try
        {
            return Files.exists(log) ? Files.readString(log) : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private String tail()
    {
        final String out = output();
        return out.length() > 2000 ? out.substring(out.length() - 2000) : out;
    }

    /**
     * SIGTERM, and wait for the process to finish its shutdown; SIGKILL if it takes longer than 10 s.
     *
     * @return the exit code.
     */
    public int stop()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /**
     * SIGKILL: the process gets no chance to clean up, as in a crash.
     */
    public void kill()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGSTOP: the process stops where it is, as in a long pause (GC, swapping, a descheduled VM), until
     * {@link #resume()}.
     */
    public void pause()
    {
        signal("-STOP");
    }

    /**
     * SIGCONT: a paused process runs on.
     */
    public void resume()
    {
        signal("-CONT");
    }

    private void signal(final String signal)
    {
        if (!process.isAlive())
        {
            return;
        }
        try
        {
            final Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS))
            {
                kill.destroyForcibly();
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " did not return in 5 s");
            }
            if (kill.exitValue() != 0 && process.isAlive())
            {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed: " + kill.exitValue());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot signal " + name, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, ex);
        }
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * @return the exit code once the process ended, -1 while it runs.
     */
    public int exitCode()
    {
        return process.isAlive() ? -1 : process.exitValue();
    }

    public long pid()
    {
        return process.pid();
    }

    public Path log()
    {
        return log;
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            stop();
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
