package io.hedge.chaos.run;

import io.hedge.chaos.check.FaultWindows;
import io.hedge.chaos.nemesis.Fault;
import io.hedge.chaos.nemesis.FaultKind;
import io.hedge.chaos.nemesis.Nemesis;
import io.hedge.chaos.nemesis.NemesisLog;
import io.hedge.chaos.nemesis.NemesisSchedule;
import io.hedge.chaos.nemesis.ScheduledFault;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parts of {@link ChaosRun} that need no root: which gateway leads from its log, the progress counter over
 * histories being written, the role directories, the fault windows on the wall clock, and the options' bounds.
 */
class ChaosRunPartsTest
{
    private static final Path DIR = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), "chaos-run-parts");

    @Test
    void theLeadingEpochIsTheLastStateChangeOfTheLog()
    {
        assertEquals(-1, ChaosFabric.leadingEpoch("hedge gateway 2 ... standing by until elected\n"));
        final String elected =
            "[main] INFO io.hedge.gateway.GatewayAgent - gateway 2: CANDIDATE_FILL -> LEADER_WARMUP: ACTIVE in epoch " +
            "3 from seq 120 (40 ms after standing; 0 seqs filled from replica 1)\n";
        assertEquals(3, ChaosFabric.leadingEpoch(elected));
        final String steppedDown = elected + "[main] WARN io.hedge.gateway.GatewayAgent - gateway 2: LEADER_ACTIVE -> " +
            "JOINING: stepping down from epoch 3: gateway 1 is active in epoch 4\n";
        assertEquals(-1, ChaosFabric.leadingEpoch(steppedDown));
    }

    @Test
    void theCounterCountsWholeLinesAsTheyAreAppended() throws Exception
    {
        Files.createDirectories(DIR);
        final Path a = DIR.resolve("a.history");
        final Path b = DIR.resolve("b.history");
        Files.writeString(a, "START x\nSUBMIT 1\nANSWER 1\nSUBMIT 2\nANSW");
        Files.deleteIfExists(b);
        final HistoryCounter counter = new HistoryCounter(List.of(a, b));
        assertEquals(2, counter.count("SUBMIT "));
        assertEquals(1, counter.count("ANSWER "));
        Files.writeString(a, "ER 2\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(b, "SUBMIT 1\nANSWER 1\n");
        assertEquals(3, counter.count("ANSWER "));
        assertEquals(3, counter.count("SUBMIT "));
    }

    @Test
    void eachRoleHasTheDirectoryHedgePutsItsJournalIn()
    {
        final Path fabric = Path.of("/run/f");
        assertEquals(fabric.resolve("gateway"), ChaosRun.roleDir(fabric, RoleId.gateway(1, "A")));
        assertEquals(fabric.resolve("gateway-3"), ChaosRun.roleDir(fabric, RoleId.gateway(3, "C")));
        assertEquals(fabric.resolve("replica-B"), ChaosRun.roleDir(fabric, RoleId.replica(2, "B")));
        assertEquals(fabric.resolve("sink"), ChaosRun.roleDir(fabric, RoleId.sink()));
    }

    @Test
    void faultsAreTimedOnTheWallClockOfTheHistoriesAndCountedByKind() throws Exception
    {
        final Fault noop = new Fault()
        {
            public String describe()
            {
                return "kill nothing";
            }

            public void start(final Fabric fabric)
            {
            }

            public void end(final Fabric fabric)
            {
            }
        };
        final NemesisSchedule schedule = NemesisSchedule.of(1_000, List.of(
            new ScheduledFault(1, 100, 300, FaultKind.KILL, noop), new ScheduledFault(2, 400, 500, FaultKind.LOSS, noop)));
        final long startNs = System.nanoTime();
        final long startWallMs = System.currentTimeMillis();
        final NemesisLog log;
        try (Nemesis nemesis = Nemesis.start(schedule, null, null, startNs))
        {
            assertTrue(nemesis.awaitFinished(10_000));
            log = nemesis.log();
        }
        final FaultWindows windows = RunFiles.windows(log, startNs, startWallMs);
        assertEquals(2, windows.faultCount());
        final FaultWindows.Window first = windows.windows().get(0);
        assertTrue(Math.abs(first.startMs() - (startWallMs + 100)) < 50, first.toString());
        assertTrue(Math.abs(first.endMs() - (startWallMs + 300)) < 50, first.toString());
        assertEquals("#1 kill nothing", windows.activeAt(startWallMs + 200));
        assertNull(windows.activeAt(startWallMs + 350));
        final String injected = RunFiles.injected(schedule, log);
        assertTrue(injected.startsWith("  faults injected by kind: kill 1, loss 1\n"), injected);
    }

    @Test
    void optionsRefuseRunsTooShortOrWithoutClients()
    {
        assertThrows(IllegalArgumentException.class, () -> new ChaosOptions(1, 10, "all", false, 3, 50, DIR, false));
        assertThrows(IllegalArgumentException.class, () -> new ChaosOptions(1, 60, "all", false, 0, 50, DIR, false));
        assertEquals(TimeUnit.SECONDS.toMillis(60),
            TimeUnit.SECONDS.toMillis(new ChaosOptions(1, 60, "all", true, 3, 50, DIR, false).durationS()));
    }
}
