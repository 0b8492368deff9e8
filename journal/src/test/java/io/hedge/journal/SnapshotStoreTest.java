package io.hedge.journal;

import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotStoreTest
{
    private Path dir;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = base.resolve("snapshots-" + name + "-" + System.nanoTime());
        Files.createDirectories(base);
    }

    @AfterEach
    void deleteDirectory() throws IOException
    {
        if (Files.exists(dir))
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void roundTrip()
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final byte[] body = body(100_000, 7); // larger than one copy chunk
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(16);
        buffer.putBytes(13, body);

        final Path file = store.write(123_456, 9, 0x1111_2222_3333_4444L, -5L, buffer, 13, body.length);

        assertEquals(dir.resolve("snapshot-000000000000123456.hsnap"), file);
        assertEquals(SnapshotStore.HEADER_LENGTH + body.length, size(file));
        assertEquals(List.of(file), store.list());
        assertEquals(List.of(), listTemps());

        final Snapshot snapshot = new SnapshotStore(dir).loadNewestValid();
        assertNotNull(snapshot);
        assertEquals(file, snapshot.file());
        assertEquals(123_456, snapshot.seq());
        assertEquals(9, snapshot.epoch());
        assertEquals(0x1111_2222_3333_4444L, snapshot.rollingStateHash());
        assertEquals(-5L, snapshot.fullStateHash());
        assertEquals(body.length, snapshot.bodyLength());
        final byte[] read = new byte[snapshot.bodyLength()];
        snapshot.body().getBytes(0, read);
        assertArrayEquals(body, read);
    }

    @Test
    void snapshotsAboveASeqAreSetAsideNotDeleted() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, 5);
        write(store, 10);
        write(store, 20);
        write(store, 30);
        final List<Path> moved = store.setAsideAbove(15, "epoch-4");
        assertEquals(2, moved.size());
        assertArrayEquals(new long[]{10}, store.seqs(), "only the snapshot at or below the cut stays in use");
        for (final Path file : moved)
        {
            assertTrue(Files.isRegularFile(file), file + " kept");
            assertTrue(file.getParent().getFileName().toString().startsWith("abandoned-epoch-4-"));
        }
        assertEquals(10, store.loadNewestValid().seq());
        assertEquals(List.of(), store.setAsideAbove(15, "epoch-5"), "nothing more to set aside");
    }

    @Test
    void emptyBodyAndEmptyStore()
    {
        final SnapshotStore store = new SnapshotStore(dir);
        assertNull(store.loadNewestValid());
        assertEquals(List.of(), store.rejected());

        store.write(0, 1, 2, 3, new UnsafeBuffer(new byte[0]), 0, 0);
        final Snapshot snapshot = store.loadNewestValid();
        assertEquals(0, snapshot.seq());
        assertEquals(0, snapshot.bodyLength());
    }

    @Test
    void keepsTheNewestFew()
    {
        final SnapshotStore store = new SnapshotStore(dir, 2);
        // written out of order: retention is by seq, not by time of writing
        for (final long seq : new long[]{ 50, 10, 40, 30, 20 })
        {
            write(store, seq);
        }
        assertEquals(List.of(store.fileFor(50), store.fileFor(40)), store.list());

        final SnapshotStore defaults = new SnapshotStore(dir);
        assertEquals(SnapshotStore.DEFAULT_RETAIN, defaults.retain());
        for (long seq = 60; seq <= 100; seq += 10)
        {
            write(defaults, seq);
        }
        assertEquals(List.of(defaults.fileFor(100), defaults.fileFor(90), defaults.fileFor(80)), defaults.list());
        assertEquals(100, defaults.loadNewestValid().seq());
    }

    @Test
    void rewritingTheSameSeqReplacesIt()
    {
        final SnapshotStore store = new SnapshotStore(dir);
        store.write(5, 1, 1, 1, new UnsafeBuffer(body(10, 1)), 0, 10);
        store.write(5, 2, 2, 2, new UnsafeBuffer(body(20, 2)), 0, 20);
        assertEquals(1, store.list().size());
        final Snapshot snapshot = store.loadNewestValid();
        assertEquals(2, snapshot.epoch());
        assertEquals(20, snapshot.bodyLength());
    }

    @Test
    void corruptBodyIsRejectedAndTheOlderOneUsed() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        write(store, 100);
        final Path newest = write(store, 200);
        flipByte(newest, SnapshotStore.HEADER_LENGTH + 500);

        final Snapshot snapshot = store.loadNewestValid();
        assertEquals(100, snapshot.seq());
        assertBodyOf(snapshot, 100);
        assertEquals(1, store.rejected().size());
        assertEquals(newest, store.rejected().get(0).file());
        assertTrue(store.rejected().get(0).reason().contains("body checksum"), store.rejected().get(0).reason());
        assertThrows(SnapshotStore.InvalidSnapshotException.class, () -> store.read(newest));
    }

    @Test
    void corruptHeaderIsRejected() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        write(store, 100);
        final Path newest = write(store, 200);
        flipByte(newest, 33); // inside the full-state hash

        assertEquals(100, store.loadNewestValid().seq());
        assertEquals(newest, store.rejected().get(0).file());
        assertTrue(store.rejected().get(0).reason().contains("header checksum"), store.rejected().get(0).reason());
    }

    @Test
    void truncatedFileIsRejected() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        write(store, 100);
        final Path middle = write(store, 200);
        final Path newest = write(store, 300);
        truncate(newest, size(newest) - 1);
        truncate(middle, 20); // inside the header

        final Snapshot snapshot = store.loadNewestValid();
        assertEquals(100, snapshot.seq());
        final List<SnapshotStore.Rejected> rejected = store.rejected();
        assertEquals(List.of(newest, middle), rejected.stream().map(SnapshotStore.Rejected::file).toList());
        assertTrue(rejected.get(0).reason().startsWith("truncated"), rejected.get(0).reason());
        assertTrue(rejected.get(1).reason().startsWith("truncated"), rejected.get(1).reason());
    }

    @Test
    void fileWithTrailingBytesOrWrongNameIsRejected() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Path oldest = write(store, 100);
        final Path newest = write(store, 200);
        Files.write(newest, new byte[]{ 1 }, StandardOpenOption.APPEND);
        // a copy under another seq's name: its header disagrees with the name
        final Path renamed = store.fileFor(300);
        Files.copy(oldest, renamed);

        assertEquals(100, store.loadNewestValid().seq());
        final List<SnapshotStore.Rejected> rejected = store.rejected();
        assertEquals(List.of(renamed, newest), rejected.stream().map(SnapshotStore.Rejected::file).toList());
        assertTrue(rejected.get(0).reason().contains("file name"), rejected.get(0).reason());
        assertTrue(rejected.get(1).reason().contains("trailing"), rejected.get(1).reason());
    }

    @Test
    void noValidSnapshotGivesNull() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        final Path only = write(store, 100);
        flipByte(only, SnapshotStore.HEADER_LENGTH);
        assertNull(store.loadNewestValid());
        assertEquals(1, store.rejected().size());
    }

    @Test
    void leftoverTempFilesAreIgnoredAndRemovedOnOpen() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir);
        write(store, 100);
        // a crash between creating the temporary file and the rename
        final Path temp = dir.resolve("snapshot-000000000000000200.hsnap.tmp");
        Files.write(temp, body(77, 3));
        final Path unrelated = dir.resolve("notes.txt");
        Files.write(unrelated, body(5, 4));

        assertEquals(List.of(store.fileFor(100)), store.list());
        assertEquals(100, store.loadNewestValid().seq());
        assertEquals(List.of(), store.rejected());

        new SnapshotStore(dir);
        assertFalse(Files.exists(temp));
        assertTrue(Files.exists(unrelated), "files that are not the store's are left alone");
        assertTrue(Files.exists(store.fileFor(100)));
    }

    @Test
    void refusalByTheCallerFallsBack()
    {
        final SnapshotStore store = new SnapshotStore(dir);
        write(store, 100);
        write(store, 200);
        write(store, 300);

        final List<Long> tried = new ArrayList<>();
        final Snapshot snapshot = store.loadNewestValid(s ->
        {
            tried.add(s.seq());
            if (300 == s.seq())
            {
                return false; // e.g. full-state hash after loading differs
            }
            if (200 == s.seq())
            {
                throw new IllegalArgumentException("does not fit this configuration");
            }
            return true;
        });

        assertEquals(100, snapshot.seq());
        assertBodyOf(snapshot, 100);
        assertEquals(List.of(300L, 200L, 100L), tried);
        final List<SnapshotStore.Rejected> rejected = store.rejected();
        assertEquals(List.of(store.fileFor(300), store.fileFor(200)),
            rejected.stream().map(SnapshotStore.Rejected::file).toList());
        assertTrue(rejected.get(0).reason().contains("refused"), rejected.get(0).reason());
        assertTrue(rejected.get(1).reason().contains("does not fit this configuration"), rejected.get(1).reason());

        // every refusal gives null
        assertNull(store.loadNewestValid(s -> false));
        assertEquals(3, store.rejected().size());
    }

    @Test
    void invalidArguments()
    {
        assertThrows(IllegalArgumentException.class, () -> new SnapshotStore(dir, 0));
        final SnapshotStore store = new SnapshotStore(dir);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[10]);
        assertThrows(IllegalArgumentException.class, () -> store.write(-1, 0, 0, 0, buffer, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> store.write(1, 0, 0, 0, buffer, 5, 6));
        assertEquals(List.of(), store.list());
    }

    private static Path write(final SnapshotStore store, final long seq)
    {
        final byte[] body = body(1_000 + (int)seq, seq);
        return store.write(seq, seq / 10, seq * 3, seq * 7, new UnsafeBuffer(body), 0, body.length);
    }

    private static void assertBodyOf(final Snapshot snapshot, final long seq)
    {
        final byte[] expected = body(1_000 + (int)seq, seq);
        final byte[] actual = new byte[snapshot.bodyLength()];
        snapshot.body().getBytes(0, actual);
        assertArrayEquals(expected, actual);
        assertEquals(seq / 10, snapshot.epoch());
        assertEquals(seq * 3, snapshot.rollingStateHash());
        assertEquals(seq * 7, snapshot.fullStateHash());
    }

    private static byte[] body(final int length, final long seed)
    {
        final byte[] bytes = new byte[length];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte)x;
        }
        return bytes;
    }

    private static void flipByte(final Path file, final long position) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte)(one.get(0) ^ 0x40)).rewind();
            channel.write(one, position);
        }
    }

    private static void truncate(final Path file, final long size) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(size);
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private List<Path> listTemps()
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
