package io.hedge.chaos.nemesis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.hedge.chaos.nemesis.FakeFabric.G2;
import static io.hedge.chaos.nemesis.FakeFabric.RB;
import static io.hedge.chaos.nemesis.FakeFabric.SINK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoleFaultTest
{
    private final Path base = Path.of(System.getProperty("hedge.test.dir", "target/test-work"))
        .resolve("role-fault-" + System.nanoTime());
    private final FakeFabric fabric = new FakeFabric(base);

    @AfterEach
    void removeDirectories() throws Exception
    {
        TestDirs.delete(base);
    }

    @Test
    void killEndsWithARestartAndPauseWithAResume()
    {
        final KillRestart kill = new KillRestart(RB);
        kill.start(fabric);
        kill.end(fabric);
        final PauseResume pause = new PauseResume(SINK);
        pause.start(fabric);
        pause.end(fabric);

        assertEquals(List.of("kill replica-B", "restart replica-B", "pause sink", "resume sink"), fabric.calls());
    }

    @Test
    void lossAndSlownessAreSwitchFilesInTheRoleDirectory()
    {
        final Path dir = fabric.roleDirectory(RB);
        final ReceiveLoss loss = new ReceiveLoss(RB, 0.3);
        final SlowReplica slow = new SlowReplica(RB, 500);

        loss.start(fabric);
        slow.start(fabric);
        assertEquals(0.3, SwitchFile.read(FaultHooks.lossFile(dir)));
        assertEquals(500.0, SwitchFile.read(FaultHooks.slowFile(dir)));

        loss.end(fabric);
        slow.end(fabric);
        assertFalse(Files.exists(FaultHooks.lossFile(dir)));
        assertFalse(Files.exists(FaultHooks.slowFile(dir)));
        assertEquals(0.0, SwitchFile.read(FaultHooks.lossFile(dir)));
    }

    @Test
    void hooksAreSwitchedOnForReplicasOnly()
    {
        final List<String> args = FaultHooks.jvmArgs(RB.kind(), base, 7);

        assertEquals(4, args.size());
        assertEquals("-Daeron.ReceiveChannelEndpoint.supplier=" + SwitchedLossReceiveEndpointSupplier.class.getName(),
            args.get(0));
        assertEquals(List.of(), FaultHooks.jvmArgs(G2.kind(), base, 7));
    }

    @Test
    void aFullDiskRefusesADirectoryThatIsNotASmallTmpfs() throws Exception
    {
        Files.createDirectories(fabric.roleDirectory(G2));
        final DiskFull full = new DiskFull(G2);

        assertThrows(IllegalStateException.class, () -> full.start(fabric));
        assertFalse(Files.exists(fabric.roleDirectory(G2).resolve(DiskFull.FILLER)));
        full.end(fabric);
    }

    @Test
    void aRoleThatExitedOnAFullDiskIsRestartedWhenTheDiskHasRoomAgainAndALiveOneIsLeftAlone() throws Exception
    {
        Files.createDirectories(fabric.roleDirectory(G2));
        Files.createDirectories(fabric.roleDirectory(RB));
        fabric.dead.add(G2);

        new DiskFull(G2).end(fabric);
        new DiskFull(RB).end(fabric);

        assertEquals(List.of("restart " + G2), fabric.calls);
    }
}
