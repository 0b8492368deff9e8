package io.hedge.chaos.nemesis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.hedge.chaos.nemesis.FakeFabric.RA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A full disk, for real: a 4 MB tmpfs as a role's directory, filled by the fault and emptied at its end. Needs root.
 */
class TmpfsMountTest
{
    private Path base;
    private TmpfsMount mount;

    @AfterEach
    void cleanUp() throws Exception
    {
        if (null != mount)
        {
            mount.close();
        }
        if (null != base)
        {
            TestDirs.delete(base);
        }
    }

    @Test
    void aRoleDirectoryOnATmpfsFillsUpAndEmptiesAgain() throws Exception
    {
        assumeTrue(TmpfsMount.canMount(), "skipped: mounting a tmpfs needs root (run the tests as root)");
        base = TestDirs.fresh("tmpfs");
        final FakeFabric fabric = new FakeFabric(base);
        final Path roleDir = fabric.roleDirectory(RA);
        mount = TmpfsMount.mount(roleDir, 4L << 20);
        assertTrue(TmpfsMount.isMountPoint(roleDir));
        assertEquals("tmpfs", Files.getFileStore(roleDir).type());
        Files.writeString(roleDir.resolve("journal"), "first entries");

        final DiskFull full = new DiskFull(RA);
        full.start(fabric);
        final long filled = Files.size(roleDir.resolve(DiskFull.FILLER));
        assertTrue(filled > (3L << 20), "filled " + filled + " bytes of 4 MB");
        assertThrows(IOException.class, () -> Files.write(roleDir.resolve("more"), new byte[64 * 1024]),
            "the disk is full");

        full.end(fabric);
        assertFalse(Files.exists(roleDir.resolve(DiskFull.FILLER)));
        Files.write(roleDir.resolve("more"), new byte[64 * 1024]);
        assertEquals("first entries", Files.readString(roleDir.resolve("journal")), "the role's files survive");

        mount.close();
        mount = null;
        assertFalse(TmpfsMount.isMountPoint(roleDir), "unmounted");
    }
}
