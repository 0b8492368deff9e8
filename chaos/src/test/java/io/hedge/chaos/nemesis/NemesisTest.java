package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.Fabric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.hedge.chaos.nemesis.FakeFabric.G1;
import static io.hedge.chaos.nemesis.FakeFabric.RA;
import static io.hedge.chaos.nemesis.FakeFabric.RB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NemesisTest
{
    private Path dir;

    @AfterEach
    void removeDirectories() throws Exception
    {
        if (null != dir)
        {
            TestDirs.delete(dir);
        }
    }

    @Test
    void playsFaultsAtTheirTimesAndLogsWhichWasActiveWhen() throws Exception
    {
        dir = TestDirs.fresh("nemesis");
        final FakeFabric fabric = new FakeFabric(dir);
        final NemesisSchedule schedule = NemesisSchedule.of(2_000, List.of(
            new ScheduledFault(1, 100, 400, FaultKind.KILL, new KillRestart(RA)),
            new ScheduledFault(2, 600, 900, FaultKind.ISOLATE_SITE, Partition.isolateSite("B"))));
        final Path logFile = dir.resolve("nemesis.log");
        final long runStartNs = System.nanoTime();

        try (Nemesis nemesis = Nemesis.start(schedule, fabric, logFile, runStartNs))
        {
            assertTrue(nemesis.awaitFinished(10_000), "the schedule was played in time");
            final NemesisLog log = nemesis.log();
            final List<NemesisLog.Entry> entries = log.entries();

            assertEquals(2, entries.size());
            assertAt(entries.get(0).startNs() - runStartNs, 100);
            assertAt(entries.get(0).endNs() - runStartNs, 400);
            assertAt(entries.get(1).startNs() - runStartNs, 600);
            assertAt(entries.get(1).endNs() - runStartNs, 900);
            assertEquals("#1 kill replica-A", log.describeActiveAt(midpoint(entries.get(0))));
            assertTrue(log.describeActiveAt(midpoint(entries.get(1))).startsWith("#2 isolate site B: {gateway-2, "),
                log.describeActiveAt(midpoint(entries.get(1))));
            assertEquals("none", log.describeActiveAt((entries.get(0).endNs() + entries.get(1).startNs()) / 2));
            assertTrue(log.activeAtRunMs(1_500).isEmpty());
            assertEquals("kill replica-A", fabric.calls().get(0));
            assertEquals("restart replica-A", fabric.calls().get(1));
            assertTrue(fabric.cuts.isEmpty());
        }
        final List<String> lines = Files.readAllLines(logFile);
        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT.*Z \\+0\\.1\\d\\ds START #1 kill: kill replica-A"),
            lines.get(0));
        assertTrue(lines.get(1).contains(" END   #1 kill: kill replica-A"), lines.get(1));
        assertTrue(lines.get(4).contains("nemesis closed"), lines.get(4));
    }

    @Test
    void closeEndsEveryActiveFaultAndStartsNoMore() throws Exception
    {
        dir = TestDirs.fresh("nemesis-close");
        final FakeFabric fabric = new FakeFabric(dir);
        final NemesisSchedule schedule = NemesisSchedule.of(60_000, List.of(
            new ScheduledFault(1, 10, 30_000, FaultKind.PAUSE, new PauseResume(G1)),
            new ScheduledFault(2, 20, 30_000, FaultKind.SPLIT_ACTIVE_PAIR, Partition.activeGatewayWith(RB)),
            new ScheduledFault(3, 5_000, 6_000, FaultKind.KILL, new KillRestart(RA))));

        final Nemesis nemesis = Nemesis.start(schedule, fabric, null, System.nanoTime());
        awaitEntries(nemesis, 2);
        assertFalse(fabric.cuts.isEmpty());
        nemesis.close();

        assertTrue(fabric.cuts.isEmpty(), "left cut: " + fabric.cuts);
        assertTrue(fabric.calls().contains("resume gateway-1"));
        assertFalse(fabric.calls().contains("kill replica-A"), "no fault starts after close");
        // newest first: the partition heals before the pause ends
        assertTrue(fabric.calls().indexOf("resume gateway-1") > fabric.calls().lastIndexOf(
            fabric.calls().stream().filter(c -> c.startsWith("heal ")).reduce((a, b) -> b).orElseThrow()));
        assertFalse(nemesis.finished());
        nemesis.close();
    }

    @Test
    void aFaultThatThrowsIsLoggedUndoneAndTheScheduleGoesOn() throws Exception
    {
        dir = TestDirs.fresh("nemesis-failure");
        final FakeFabric fabric = new FakeFabric(dir);
        fabric.failCutAfter = 2;
        final Fault endFails = new Fault()
        {
            public String describe()
            {
                return "end fails";
            }

            public void start(final Fabric f)
            {
            }

            public void end(final Fabric f)
            {
                throw new IllegalStateException("cannot end (test)");
            }
        };
        final NemesisSchedule schedule = NemesisSchedule.of(5_000, List.of(
            new ScheduledFault(1, 10, 100, FaultKind.CUT_GATEWAYS, Partition.gatewaysApart()),
            new ScheduledFault(2, 150, 250, FaultKind.KILL, new KillRestart(RA)),
            new ScheduledFault(3, 300, 10_000, FaultKind.PAUSE, endFails),
            new ScheduledFault(4, 310, 10_000, FaultKind.PAUSE, new PauseResume(RB))));

        try (Nemesis nemesis = Nemesis.start(schedule, fabric, null, System.nanoTime()))
        {
            awaitEntries(nemesis, 3);
            assertTrue(fabric.cuts.isEmpty(), "the failed partition healed what it cut: " + fabric.cuts);
            assertTrue(fabric.calls().contains("restart replica-A"), "the schedule went on: " + fabric.calls());
            nemesis.close();
            assertTrue(fabric.calls().contains("resume replica-B"), "a failing end does not stop the others");
            assertEquals(2, nemesis.failures().size(), nemesis.failures().toString());
            assertTrue(nemesis.log().lines().stream().anyMatch(l -> l.contains("START FAILED #1")));
            assertTrue(nemesis.log().lines().stream().anyMatch(l -> l.contains("END FAILED #3")));
        }
    }

    private static void awaitEntries(final Nemesis nemesis, final int count) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (nemesis.log().entries().size() < count)
        {
            assertTrue(System.nanoTime() < deadlineNs, "faults started in time: " + nemesis.log().lines());
            Thread.sleep(5);
        }
    }

    private static long midpoint(final NemesisLog.Entry entry)
    {
        return (entry.startNs() + entry.endNs()) / 2;
    }

    private static void assertAt(final long actualNs, final long scheduledMs)
    {
        final long actualMs = TimeUnit.NANOSECONDS.toMillis(actualNs);
        // never early; late by at most a busy machine's scheduling delay
        assertTrue(actualMs >= scheduledMs && actualMs < scheduledMs + 150,
            "at " + actualMs + " ms, scheduled at " + scheduledMs + " ms");
    }
}
