package io.hedge.perf.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Working directories of the benchmarks: one fresh directory per trial under {@code perf/target/bench-work}
 * (or the directory named by the {@code hedge.bench.dir} system property), deleted by the benchmark's tear down.
 */
final class BenchDirs
{
    static final String PROPERTY = "hedge.bench.dir";

    private BenchDirs()
    {
    }

    /**
     * @param name what the directory is for; made unique with the process id and the time.
     * @return a new, empty directory.
     */
    static Path create(final String name)
    {
        final Path dir = root().resolve(name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + dir, ex);
        }
        return dir;
    }

    /** Deletes a directory and everything in it; quietly does nothing if it is gone. */
    static void delete(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try
        {
            Files.walkFileTree(dir, new SimpleFileVisitor<>()
            {
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                public FileVisitResult postVisitDirectory(final Path d, final IOException ex) throws IOException
                {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + dir, ex);
        }
    }

    private static Path root()
    {
        final String configured = System.getProperty(PROPERTY);
        if (null != configured && !configured.isEmpty())
        {
            return Paths.get(configured).toAbsolutePath();
        }
        // run from the repository root or from the perf module
        final Path fromRoot = Paths.get("perf", "target");
        final Path target = Files.isDirectory(fromRoot) ? fromRoot : Paths.get("target");
        return target.resolve("bench-work").toAbsolutePath();
    }
}
