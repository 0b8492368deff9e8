package io.hedge.chaos.run;

import io.hedge.chaos.RoleProcess;
import io.hedge.chaos.net.ChaosTopology;
import io.hedge.chaos.net.Netns;
import io.hedge.chaos.nemesis.DiskFull;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The run's supervisor, over real processes in a network namespace. Invariant: a role that ended itself for its journal
 * (exit code 75) is started again once its disk has room, whenever it went (also after its disk-full fault ended, as
 * seed 1101's replica C did), and never while the disk is still full; a role that was killed is left to the nemesis.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChaosFabricSupervisorTest
{
    private static final RoleId REPLICA_A = RoleId.replica(1, "A");
    private static final RoleId REPLICA_B = RoleId.replica(2, "B");

    @Test
    void aRoleThatExitedForItsJournalIsStartedAgainOnceItsDiskHasRoom() throws Exception
    {
        Assumptions.assumeTrue(Netns.isRoot(), "skipped: needs root (" + Netns.notRootMessage() + ")");
        final Path dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), "supervisor-" +
            System.nanoTime()).toAbsolutePath();
        final List<RoleId> roles = List.of(REPLICA_A, REPLICA_B);
        try (ChaosTopology topology = ChaosTopology.create(Netns.newPrefix(), roles);
            ChaosFabric fabric = new ChaosFabric(topology, dir))
        {
            Files.createDirectories(dir.resolve("A"));
            Files.createDirectories(dir.resolve("B"));
            final RoleProcess journalFailure = fabric.start(REPLICA_A, new ChaosFabric.Launch(
                ExitWith.class.getName(), List.of("75"), List.of(), dir.resolve("A")));
            final RoleProcess killed = fabric.start(REPLICA_B, new ChaosFabric.Launch(
                ExitWith.class.getName(), List.of("137"), List.of(), dir.resolve("B")));
            awaitExit(journalFailure);
            awaitExit(killed);

            Files.writeString(dir.resolve("A").resolve(DiskFull.FILLER), "full");
            assertEquals(List.of(), fabric.restartRolesThatExitedForTheirJournal(DiskFull.FILLER),
                "not while its disk is full");
            Files.delete(dir.resolve("A").resolve(DiskFull.FILLER));
            assertEquals(List.of(REPLICA_A), fabric.restartRolesThatExitedForTheirJournal(DiskFull.FILLER),
                "the disk has room: started again; the killed one is the nemesis's");
            assertEquals(2, fabric.starts(REPLICA_A));
            assertEquals(1, fabric.starts(REPLICA_B));
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    private static void awaitExit(final RoleProcess process) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (process.isAlive())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError(process + " did not exit within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
