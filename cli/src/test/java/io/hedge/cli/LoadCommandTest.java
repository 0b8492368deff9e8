package io.hedge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hedge load} against a fabric of real processes: several sessions, a sweep of rates, a histogram log,
 * and the correctness check after every run.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LoadCommandTest
{
    @Test
    void aSweepWithSeveralSessionsPassesAndWritesItsHistogramLog() throws Exception
    {
        try (ProcessFabric fabric = new ProcessFabric("load-sweep"))
        {
            fabric.startGateway();
            for (final String site : new String[]{"A", "B", "C"})
            {
                fabric.startReplica(site);
            }
            final Path log = fabric.dir.resolve("load.hlog");
            final int exit = HedgeCommand.execute("load", "--config", fabric.configFile.toString(),
                "--set", "client.timeout.ms=20000",
                "--sweep", "--sweep-rates", "200,400", "--p99-limit-ms", "1000",
                "--duration", "2", "--warmup", "1", "--sessions", "3", "--histogram-log", log.toString());
            assertEquals(0, exit, "every step answered in full and the replicas converged");
            final String hlog = Files.readString(log);
            assertTrue(hlog.contains("#[StartTime:") && hlog.lines().filter(l -> l.startsWith("Tag=") ||
                Character.isDigit(l.isEmpty() ? ' ' : l.charAt(0))).count() >= 2, "interval log written:\n" + hlog);
        }
    }

    @Test
    void aRateOfZeroIsRefusedBeforeAnythingStarts()
    {
        assertEquals(2, HedgeCommand.execute("load", "--rate", "0"));
    }
}
