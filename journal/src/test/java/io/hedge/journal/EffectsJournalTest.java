package io.hedge.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 7 (effects exactly once): a replica keeps the effects of each seq durably, so that a gateway can resume the
 * sink from any position; the journal is cut with the replica's journal, never keeping effects of an abandoned tail.
 */
class EffectsJournalTest
{
    private Path parent;
    private Path dir;
    private final List<EffectsJournal> opened = new ArrayList<>();

    @BeforeEach
    void createDirectory(final TestInfo info) throws IOException
    {
        final Path base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"));
        parent = base.resolve("effects-" + info.getTestMethod().map(m -> m.getName()).orElse("t") + "-" +
            System.nanoTime());
        dir = parent.resolve("journal-effects");
        Files.createDirectories(parent);
    }

    @AfterEach
    void closeAndDelete() throws IOException
    {
        opened.forEach(EffectsJournal::close);
        try (Stream<Path> walk = Files.walk(parent))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private EffectsJournal open()
    {
        final EffectsJournal journal = EffectsJournal.open(dir);
        opened.add(journal);
        return journal;
    }

    private static UnsafeBuffer bytes(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> readAll(final EffectsJournal journal)
    {
        final List<String> out = new ArrayList<>();
        try (EffectsJournal.Reader reader = journal.reader())
        {
            while (reader.readNext((seq, buffer, offset, length) ->
                out.add(seq + ":" + buffer.getStringWithoutLengthAscii(offset, length))))
            {
                // collected by the handler
            }
        }
        return out;
    }

    @Test
    @DisplayName("rule 7: effects written are read back in seq order, byte for byte, also after a reopen")
    void writesAndReadsBack()
    {
        final EffectsJournal journal = open();
        assertEquals(Long.MAX_VALUE, journal.firstAvailableSeq(), "not begun: knows nothing");
        journal.beginAfter(0);
        journal.append(3, bytes("three"), 0, 5);
        journal.append(7, bytes("seven"), 0, 5);
        assertEquals(7, journal.lastSeq());
        assertEquals(1, journal.firstAvailableSeq());
        assertEquals(List.of("3:three", "7:seven"), readAll(journal));
        assertThrows(IllegalStateException.class, () -> journal.append(7, bytes("again"), 0, 5));
        assertFalse(journal.appendIfNew(7, bytes("again"), 0, 5), "a replay of a held seq is let be");
        journal.close();

        final EffectsJournal reopened = open();
        assertEquals(7, reopened.lastSeq());
        assertEquals(1, reopened.firstAvailableSeq());
        assertTrue(reopened.appendIfNew(9, bytes("nine"), 0, 4));
        assertEquals(List.of("3:three", "7:seven", "9:nine"), readAll(reopened));
    }

    @Test
    @DisplayName("rule 7: opened and begun on one thread, appended on another (the replica's agent)")
    void appendsFromAnotherThreadThanTheOneThatOpened() throws Exception
    {
        final EffectsJournal journal = open();
        journal.beginAfter(0);
        journal.append(1, bytes("one"), 0, 3);
        final Throwable[] failed = new Throwable[1];
        final Thread agent = new Thread(() ->
        {
            try
            {
                journal.append(2, bytes("two"), 0, 3);
            }
            catch (final Throwable ex)
            {
                failed[0] = ex;
            }
        });
        agent.start();
        agent.join();
        assertNull(failed[0], () -> "append on another thread failed: " + failed[0]);
        assertEquals(List.of("1:one", "2:two"), readAll(journal));
    }

    @Test
    @DisplayName("rule 7: a journal begun after a snapshot's seq says it holds nothing before it")
    void beginsAfterASnapshot()
    {
        final EffectsJournal journal = open();
        journal.append(101, bytes("x"), 0, 1);
        assertEquals(101, journal.firstAvailableSeq(), "the first append begins the journal just before it");
        journal.close();
        assertEquals(101, open().firstAvailableSeq());
    }

    @Test
    @DisplayName("rule 3/7: truncateTo cuts the effects of an abandoned tail, moving them aside, never deleting")
    void truncatesAndMovesAside() throws IOException
    {
        final EffectsJournal journal = open();
        journal.beginAfter(0);
        for (long seq = 1; seq <= 10; seq++)
        {
            journal.append(seq, bytes("e" + seq), 0, ("e" + seq).length());
        }
        final EffectsJournal.Reader reader = journal.reader();
        assertTrue(reader.readNext((s, b, o, l) -> { }));
        final Path aside = journal.truncateTo(6, "epoch-9");
        assertNotNull(aside);
        assertTrue(Files.exists(aside), "the cut tail is kept aside");
        assertEquals(6, journal.lastSeq());
        assertEquals(1, journal.firstAvailableSeq());
        assertEquals(List.of("1:e1", "2:e2", "3:e3", "4:e4", "5:e5", "6:e6"), readAll(journal));
        final long[] first = new long[1];
        assertTrue(reader.readNext((s, b, o, l) -> first[0] = s));
        assertEquals(1, first[0], "a reader starts over after a cut");
        reader.close();
        journal.append(7, bytes("new7"), 0, 4);
        assertNull(journal.truncateTo(7, "none"), "nothing after 7: nothing cut");
        journal.close();
        assertEquals(List.of("1:e1", "2:e2", "3:e3", "4:e4", "5:e5", "6:e6", "7:new7"), readAll(open()));
    }

    @Test
    @DisplayName("rule 3/7: a replica that installs a peer's snapshot holds no effects before it")
    void resetsAfterABootstrap()
    {
        final EffectsJournal journal = open();
        journal.beginAfter(0);
        journal.append(5, bytes("five"), 0, 4);
        assertNotNull(journal.resetAfter(40, "bootstrap"));
        assertEquals(41, journal.firstAvailableSeq());
        assertEquals(40, journal.lastSeq());
        assertEquals(List.of(), readAll(journal));
        journal.append(42, bytes("x"), 0, 1);
        journal.close();
        final EffectsJournal reopened = open();
        assertEquals(41, reopened.firstAvailableSeq());
        assertEquals(List.of("42:x"), readAll(reopened));
    }

    @Test
    @DisplayName("an excerpt torn by a fault sets the journal aside at open; it begins again empty (hedge chaos --seed 1208)")
    void aTornExcerptSetsTheJournalAsideAtOpen() throws IOException
    {
        final EffectsJournal journal = open();
        journal.append(944, bytes("a"), 0, 1);
        journal.append(945, bytes("b"), 0, 1);
        journal.close();
        opened.remove(journal);
        // what a SIGBUS on a full tmpfs leaves: an excerpt committed whole in length but zeros in content
        appendRaw(new byte[Long.BYTES + 3 + RecordChecksum.LENGTH]);

        final EffectsJournal reopened = open();
        assertEquals(0, reopened.lastSeq(), "nothing of the torn journal is kept");
        assertEquals(Long.MAX_VALUE, reopened.firstAvailableSeq(), "not begun: it claims no seq");
        assertEquals(List.of(), readAll(reopened));
        try (Stream<Path> siblings = Files.list(parent))
        {
            assertTrue(siblings.anyMatch(p -> p.getFileName().toString().startsWith("journal-effects.abandoned-torn-")),
                "the torn journal is moved aside, not deleted");
        }
        reopened.append(950, bytes("c"), 0, 1);
        assertEquals(List.of("950:c"), readAll(reopened));
        assertEquals(950, reopened.firstAvailableSeq(), "begins just before the first seq written again");
    }

    @Test
    void anExcerptWhoseChecksumDoesNotMatchIsRefusedByAReader() throws IOException
    {
        final EffectsJournal journal = open();
        journal.append(7, bytes("x"), 0, 1);
        // a bit flipped after the write: the seq and length still look right
        final byte[] flipped = new byte[Long.BYTES + 1 + RecordChecksum.LENGTH];
        flipped[0] = 8;
        flipped[Long.BYTES] = 'y';
        appendRaw(flipped);

        try (EffectsJournal.Reader reader = journal.reader())
        {
            assertTrue(reader.readNext((seq, buffer, offset, length) -> assertEquals(7, seq)));
            final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
                () -> reader.readNext((seq, buffer, offset, length) -> { }));
            assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
        }
    }

    @Test
    void aJournalWrittenWithoutChecksumsIsSetAsideAtOpen() throws IOException
    {
        final byte[] beginMark = new byte[2 * Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++)
        {
            beginMark[i] = (byte)0xFF;
        }
        appendRaw(beginMark);

        final EffectsJournal journal = open();
        assertEquals(Long.MAX_VALUE, journal.firstAvailableSeq());
        assertEquals(0, journal.lastSeq());
    }

    private void appendRaw(final byte[] document)
    {
        try (net.openhft.chronicle.queue.ChronicleQueue queue = net.openhft.chronicle.queue.ChronicleQueue
            .singleBuilder(dir).rollCycle(SequencedJournal.ROLL_CYCLE).build();
            net.openhft.chronicle.queue.ExcerptAppender appender = queue.createAppender();
            net.openhft.chronicle.wire.DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(document);
        }
    }
}
