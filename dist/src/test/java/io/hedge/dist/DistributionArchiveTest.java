package io.hedge.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive that {@code mvn package} builds, unpacked as a user would and run with nothing but a JDK on the PATH:
 * no Maven, no local repository, no source tree.
 */
class DistributionArchiveTest
{
    private static Path unpacked;
    private static Path home;

    private static String version()
    {
        return System.getProperty("hedge.dist.version");
    }

    @BeforeAll
    static void unpack() throws Exception
    {
        final Path archive = Path.of(System.getProperty("hedge.dist.archive"));
        assertTrue(Files.isRegularFile(archive), "the archive is built before this test: " + archive);
        home = Files.createTempDirectory(archive.getParent(), "unpacked-");
        final Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", home.toString())
            .inheritIO().start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar finished");
        assertEquals(0, tar.exitValue(), "tar unpacked " + archive);
        unpacked = home.resolve("hedge-" + version());
    }

    @AfterAll
    static void delete() throws IOException
    {
        if (null != home)
        {
            try (Stream<Path> paths = Files.walk(home))
            {
                for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.delete(path);
                }
            }
        }
    }

    /** Runs bin/hedge from a directory of its own, with only the JDK's bin and the system's on the PATH. */
    private static Result hedge(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(unpacked.resolve("bin").resolve("hedge").toString());
        command.addAll(List.of(args));
        final Path work = Files.createTempDirectory(home, "work-");
        final ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        final Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        env.put("HOME", work.toString());
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bin/hedge finished: " + command);
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output)
    {
    }

    @Test
    void theArchiveHoldsTheLauncherTheLicenseAndTheJars() throws IOException
    {
        assertTrue(Files.isExecutable(unpacked.resolve("bin").resolve("hedge")), "bin/hedge is executable");
        assertTrue(Files.isRegularFile(unpacked.resolve("LICENSE")), "LICENSE");
        final List<String> jars;
        try (Stream<Path> lib = Files.list(unpacked.resolve("lib")))
        {
            jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (final String module : List.of("cli", "client", "codecs", "fix", "gateway", "journal", "replicas",
            "sequencer", "transport"))
        {
            assertTrue(jars.contains("hedge-" + module + "-" + version() + ".jar"), module + " in lib/: " + jars);
        }
        for (final String jar : jars)
        {
            for (final String harness : List.of("hedge-perf", "hedge-chaos", "jmh-", "aeron-cluster", "aeron-archive"))
            {
                assertFalse(jar.startsWith(harness), "no benchmark or chaos harness in lib/: " + jar);
            }
        }
    }

    @Test
    void versionAndSettingsRunWithOnlyAJdk() throws Exception
    {
        final Result version = hedge("--version");
        assertEquals(0, version.exitCode(), version.output());
        assertEquals("hedge " + version(), version.output().lines().findFirst().orElse(""), version.output());

        final Result settings = hedge("settings");
        assertEquals(0, settings.exitCode(), settings.output());
        assertTrue(settings.output().startsWith("hedge.dir "), settings.output());
        assertTrue(settings.output().contains("gateway.durability"), settings.output());
    }

    @Test
    void theCommandsOfTheHarnessesSayTheyAreNotInTheDistribution() throws Exception
    {
        final String[][] commands = {
            {"bench", "compare"}, {"bench", "failover"}, {"chaos"}, {"demo"}, {"load"}, {"sink"}};
        for (final String[] command : commands)
        {
            final Result result = hedge(command);
            final String name = "hedge " + String.join(" ", command);
            assertEquals(2, result.exitCode(), name + ": " + result.output());
            final List<String> lines = result.output().lines().toList();
            assertEquals(1, lines.size(), name + " prints one line: " + result.output());
            // the stand-in takes the place of the top command: 'hedge bench compare' is answered as 'hedge bench'
            assertTrue(lines.get(0).startsWith("hedge " + command[0] + ": not in this distribution: it needs the "),
                lines.get(0));
        }
    }

    @Test
    void theLauncherHasTheFlagsOfTheSourceBuildsLauncher() throws IOException
    {
        assertEquals(flags(Path.of(System.getProperty("hedge.source.launcher"))),
            flags(unpacked.resolve("bin").resolve("hedge")));
    }

    /** The lines of the launcher's flags=( ... ) array. */
    private static List<String> flags(final Path launcher) throws IOException
    {
        final List<String> lines = Files.readAllLines(launcher);
        final int start = lines.indexOf("flags=(");
        assertTrue(start >= 0, "flags=( in " + launcher);
        final int end = lines.subList(start, lines.size()).indexOf(")") + start;
        return lines.subList(start + 1, end);
    }
}
