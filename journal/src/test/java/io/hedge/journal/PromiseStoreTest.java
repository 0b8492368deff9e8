package io.hedge.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromiseStoreTest
{
    /** epoch (8) + leader id (4) + checksum (4). */
    private static final int PROMISE_LENGTH = 16;

    private Path dir;
    private Path file;

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = base.resolve("promise-" + name + "-" + System.nanoTime());
        Files.createDirectories(dir);
        file = dir.resolve("journal-promise");
    }

    @AfterEach
    void delete() throws IOException
    {
        deleteRecursively(dir);
    }

    // ------------------------------------------------------------------------------------------------------ tests

    /**
     * Rule 9 (full disks). Invariant: a promise that cannot be made durable surfaces as the one exception the role's
     * runner treats as fatal, naming the file; no vote leaves without its promise.
     */
    @Test
    void aPromiseThatCannotBeWrittenIsAJournalWriteFailure() throws IOException
    {
        final PromiseStore store = PromiseStore.open(file);
        // the temporary file's name is taken by a directory: the write fails as on a disk that refuses it
        Files.createDirectories(dir.resolve("journal-promise.tmp").resolve("occupied"));
        final JournalWriteException ex = assertThrows(JournalWriteException.class, () -> store.promise(3, 2));
        assertEquals(file, ex.journal());
        assertTrue(ex.getMessage().contains("promise of epoch 3"), ex.getMessage());
        assertEquals(0, store.epoch(), "nothing promised");
    }

    @Test
    void anAbsentFileMeansEpochZeroAndLeaderZeroAndIsNotCreatedByOpening()
    {
        final PromiseStore store = PromiseStore.open(file);
        assertEquals(0, store.epoch());
        assertEquals(0, store.leaderId());
        assertFalse(Files.exists(file), "opening without promising writes nothing");
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aPromisePersistsAcrossReopen() throws IOException
    {
        final PromiseStore store = PromiseStore.open(file);
        store.promise(5, 2);
        assertEquals(5, store.epoch());
        assertEquals(2, store.leaderId());
        assertTrue(Files.exists(file));
        assertEquals(PROMISE_LENGTH, Files.size(file));

        final PromiseStore reopened = PromiseStore.open(file);
        assertEquals(5, reopened.epoch());
        assertEquals(2, reopened.leaderId());

        reopened.promise(9, 1);
        final PromiseStore again = PromiseStore.open(file);
        assertEquals(9, again.epoch());
        assertEquals(1, again.leaderId());

        // the whole range of both fields survives
        again.promise(Long.MAX_VALUE, -7);
        final PromiseStore extreme = PromiseStore.open(file);
        assertEquals(Long.MAX_VALUE, extreme.epoch());
        assertEquals(-7, extreme.leaderId());
    }

    @Test
    void aPromiseCreatesAMissingParentDirectory()
    {
        final Path nested = dir.resolve("a").resolve("b").resolve("journal-promise");
        PromiseStore.open(nested).promise(3, 4);
        final PromiseStore reopened = PromiseStore.open(nested);
        assertEquals(3, reopened.epoch());
        assertEquals(4, reopened.leaderId());
    }

    @Test
    void aLowerEpochIsRefusedAndChangesNothing() throws IOException
    {
        final PromiseStore store = PromiseStore.open(file);
        store.promise(5, 2);
        final byte[] before = Files.readAllBytes(file);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> store.promise(4, 3));
        assertTrue(ex.getMessage().contains("5") && ex.getMessage().contains("4"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.promise(0, 2));
        assertThrows(IllegalArgumentException.class, () -> store.promise(-1, 2));

        assertEquals(5, store.epoch());
        assertEquals(2, store.leaderId());
        assertArrayEquals(before, Files.readAllBytes(file), "the file is untouched by a refused promise");
        final PromiseStore reopened = PromiseStore.open(file);
        assertEquals(5, reopened.epoch());
        assertEquals(2, reopened.leaderId());

        // also refused by a store that learned its promise from the file
        assertThrows(IllegalArgumentException.class, () -> reopened.promise(4, 2));
        assertEquals(5, PromiseStore.open(file).epoch());
        assertEquals(List.of(file.getFileName().toString()), list(dir), "no temporary file after a refusal");
    }

    @Test
    void theSameEpochMayBePromisedAgain()
    {
        final PromiseStore store = PromiseStore.open(file);
        store.promise(5, 2);
        store.promise(5, 2);
        assertEquals(5, store.epoch());
        assertEquals(2, store.leaderId());

        final PromiseStore reopened = PromiseStore.open(file);
        assertEquals(5, reopened.epoch());
        reopened.promise(5, 2);
        final PromiseStore again = PromiseStore.open(file);
        assertEquals(5, again.epoch());
        assertEquals(2, again.leaderId());
    }

    @Test
    void aFileWithAnyByteFlippedIsRefusedNamingTheFile() throws IOException
    {
        PromiseStore.open(file).promise(0x0102030405060708L, 0x0A0B0C0D);
        final byte[] valid = Files.readAllBytes(file);
        assertEquals(PROMISE_LENGTH, valid.length);

        for (int i = 0; i < valid.length; i++)
        {
            for (final int flip : new int[] {0x01, 0x80})
            {
                final byte[] corrupt = valid.clone();
                corrupt[i] ^= (byte)flip;
                Files.write(file, corrupt);
                final int index = i;
                final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> PromiseStore.open(file),
                    "byte " + index + " flipped by " + flip);
                assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
            }
        }

        Files.write(file, valid);
        final PromiseStore restored = PromiseStore.open(file);
        assertEquals(0x0102030405060708L, restored.epoch());
        assertEquals(0x0A0B0C0D, restored.leaderId());
    }

    @Test
    void aFileOfTheWrongLengthIsRefusedNamingTheFile() throws IOException
    {
        PromiseStore.open(file).promise(7, 1);
        final byte[] valid = Files.readAllBytes(file);

        final byte[] longer = new byte[valid.length + 1];
        System.arraycopy(valid, 0, longer, 0, valid.length);
        final byte[][] wrong = {
            new byte[0],
            new byte[] {1},
            java.util.Arrays.copyOf(valid, valid.length - 1),
            longer,
            new byte[2 * valid.length],
        };
        for (final byte[] bytes : wrong)
        {
            Files.write(file, bytes);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> PromiseStore.open(file),
                bytes.length + " bytes");
            assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
            assertTrue(ex.getMessage().contains(Integer.toString(bytes.length)), ex.getMessage());
        }
    }

    @Test
    void allZeroBytesAreNotAValidPromise() throws IOException
    {
        // a file of the right length that was never written (e.g. preallocated) must not pass as epoch 0
        Files.write(file, new byte[PROMISE_LENGTH]);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> PromiseStore.open(file));
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException
    {
        final PromiseStore store = PromiseStore.open(file);
        for (int epoch = 1; epoch <= 5; epoch++)
        {
            store.promise(epoch, epoch % 3);
            assertEquals(List.of(file.getFileName().toString()), list(dir), "after promising epoch " + epoch);
        }
        assertFalse(Files.exists(file.resolveSibling(file.getFileName() + ".tmp")));

        // a stale temporary file from a crash before the rename is overwritten, then renamed away
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        store.promise(6, 1);
        assertEquals(List.of(file.getFileName().toString()), list(dir));
        assertEquals(6, PromiseStore.open(file).epoch());
        assertEquals(1, PromiseStore.open(file).leaderId());
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static List<String> list(final Path directory)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new RuntimeException(ex);
        }
    }

    private static void deleteRecursively(final Path path) throws IOException
    {
        if (null == path || !Files.exists(path))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(path))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
