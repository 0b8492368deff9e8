package io.hedge.chaos.nemesis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

final class TestDirs
{
    private TestDirs()
    {
    }

    static Path fresh(final String name) throws IOException
    {
        return Files.createDirectories(Path.of(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve(name + "-" + System.nanoTime()).toAbsolutePath());
    }

    static void delete(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
