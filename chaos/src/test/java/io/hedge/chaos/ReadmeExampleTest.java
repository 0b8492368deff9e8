package io.hedge.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadmeExampleTest
{
    @Test
    void theReadmeExampleRunsAgainstAFabric() throws Exception
    {
        try (TestFabric fabric = new TestFabric("readme"))
        {
            final String result = ReadmeExample.run(fabric.driver.aeronDirectoryName(), fabric.ingressChannel());
            // seq 1 is the term's own first entry; the first request is seq 2
            assertTrue(result.matches("order 1 NEW at seq 2, answered first by replica [123]"), result);
        }
    }

    @Test
    void theReadmeShowsTheExampleAsItIsCompiled() throws Exception
    {
        final String source = Files.readString(Path.of("src/test/java/io/hedge/chaos/ReadmeExample.java"));
        final String example = source.substring(
            source.indexOf("// README-BEGIN") + "// README-BEGIN".length(), source.indexOf("// README-END"));
        final String readme = Files.readString(Path.of("../README.md"));
        assertTrue(normalise(readme).contains(normalise(example)),
            "README.md must show the code of ReadmeExample between its markers");
    }

    private static String normalise(final String text)
    {
        return text.replaceAll("\\s+", " ").trim();
    }
}
