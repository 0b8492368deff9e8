package io.hedge.chaos.nemesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory, so that a {@link DiskFull} fault can fill one role's disk and nothing else.
 * Root only. Closing unmounts it (lazily if it is still busy, so that a run's cleanup never hangs on a process that
 * has not died yet); what was written there is gone.
 */
public final class TmpfsMount implements AutoCloseable
{
    private final Path directory;
    private boolean mounted = true;

    private TmpfsMount(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * @param directory  created if missing; should be empty (whatever it holds is hidden while mounted).
     * @param sizeBytes  the size of the file system.
     * @return the mount, to close when the role's directory is removed.
     */
    public static TmpfsMount mount(final Path directory, final long sizeBytes)
    {
        final Path dir = directory.toAbsolutePath().normalize();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + dir, ex);
        }
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755", "tmpfs", dir.toString()));
        return new TmpfsMount(dir);
    }

    /**
     * @return whether this process may mount (it runs as root).
     */
    public static boolean canMount()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * @return whether a file system is mounted exactly at the directory now.
     */
    public static boolean isMountPoint(final Path directory)
    {
        final String dir = directory.toAbsolutePath().normalize().toString();
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8))
            {
                final String[] fields = line.split(" ");
                // /proc/self/mounts escapes a space in a path as \040
                if (fields.length > 1 && fields[1].replace("\\040", " ").equals(dir))
                {
                    return true;
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public Path directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        if (!mounted)
        {
            return;
        }
        mounted = false;
        try
        {
            run(List.of("umount", directory.toString()));
        }
        catch (final IllegalStateException ex)
        {
            // still in use (a role not yet reaped): detach now, the kernel frees it when the last user goes
            run(List.of("umount", "-l", directory.toString()));
        }
    }

    private static void run(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final boolean done = process.waitFor(10, TimeUnit.SECONDS);
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!done)
            {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 s");
            }
            if (process.exitValue() != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " +
                    output + (canMount() ? "" : " (mounting needs root)"));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run " + command, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, ex);
        }
    }
}
