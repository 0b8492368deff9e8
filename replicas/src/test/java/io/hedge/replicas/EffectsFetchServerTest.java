package io.hedge.replicas;

import io.hedge.codecs.fabric.EffectsReplayDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.journal.EffectsJournal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 7: a replica answers an EffectsFetch from its effects journal, in seq order, a bounded batch per duty cycle,
 * closing with the last seq its answer covers, so the gateway can resume a sink however far behind.
 */
class EffectsFetchServerTest
{
    private Path dir;
    private EffectsJournal journal;
    private long applied;
    private boolean refuse;
    private final List<String> sent = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final EffectsReplayDecoder decoder = new EffectsReplayDecoder();

    @BeforeEach
    void open() throws IOException
    {
        dir = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("effects-fetch-" + System.nanoTime());
        Files.createDirectories(dir);
        journal = EffectsJournal.open(dir.resolve("journal-effects"));
    }

    @AfterEach
    void close() throws IOException
    {
        journal.close();
        try (Stream<Path> walk = Files.walk(dir))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (refuse)
        {
            return false;
        }
        decoder.wrapAndApplyHeader(buffer, offset, header);
        final int effectsLength = decoder.effectsLength();
        final byte[] effects = new byte[effectsLength];
        decoder.getEffects(effects, 0, effectsLength);
        sent.add((decoder.complete() == 1 ? "close " : "") + decoder.seq() + " first " + decoder.firstAvailableSeq() +
            (effectsLength > 0 ? " " + new String(effects) : ""));
        return true;
    }

    private void fill(final long toSeq, final int every)
    {
        journal.beginAfter(0);
        for (long seq = every; seq <= toSeq; seq += every)
        {
            final byte[] bytes = ("e" + seq).getBytes();
            journal.append(seq, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        applied = toSeq;
    }

    private int drain(final EffectsFetchServer server)
    {
        int cycles = 0;
        while (server.active())
        {
            server.doWork();
            cycles++;
        }
        return cycles;
    }

    @Test
    @DisplayName("rule 7: the effects of the range, in seq order, then the closing message naming the range's end")
    void sendsTheRangeThenCloses()
    {
        fill(30, 3);
        final EffectsFetchServer server = new EffectsFetchServer(2, journal, () -> applied);
        server.start(this::offer, 7, 16);
        drain(server);
        assertEquals(List.of("9 first 1 e9", "12 first 1 e12", "15 first 1 e15", "close 16 first 1"), sent);

        sent.clear();
        server.start(this::offer, 17, 100);
        drain(server);
        assertEquals(List.of("18 first 1 e18", "21 first 1 e21", "24 first 1 e24", "27 first 1 e27",
            "30 first 1 e30", "close 30 first 1"), sent, "closes at the applied seq: nothing is said of seqs not applied");

        sent.clear();
        server.start(this::offer, 5, 7);
        drain(server);
        assertEquals(List.of("6 first 1 e6", "close 7 first 1"), sent, "a range before the last reads from the start");
    }

    @Test
    @DisplayName("rule 7: a long range goes a bounded batch per duty cycle; a refused message is offered again")
    void batchesAndRetries()
    {
        fill(2_000, 1);
        final EffectsFetchServer server = new EffectsFetchServer(1, journal, () -> applied);
        server.start(this::offer, 1, 2_000);
        server.doWork();
        assertEquals(EffectsFetchServer.BATCH, sent.size(), "one batch per duty cycle");
        refuse = true;
        server.doWork();
        assertEquals(EffectsFetchServer.BATCH, sent.size());
        refuse = false;
        drain(server);
        assertEquals(2_001, sent.size());
        for (int i = 0; i < 2_000; i++)
        {
            assertEquals((i + 1) + " first 1 e" + (i + 1), sent.get(i), "nothing skipped or repeated");
        }
        assertEquals("close 2000 first 1", sent.get(2_000));
    }

    @Test
    @DisplayName("rule 7: a replica that began after a snapshot says so: it closes at once with its first seq")
    void aRangeBeforeTheJournalBeginsIsRefusedWithTheFirstAvailableSeq()
    {
        journal.beginAfter(500);
        final byte[] bytes = "x".getBytes();
        journal.append(501, new UnsafeBuffer(bytes), 0, 1);
        applied = 600;
        final EffectsFetchServer server = new EffectsFetchServer(1, journal, () -> applied);
        server.start(this::offer, 10, 600);
        assertEquals(1, drain(server));
        assertEquals(List.of("close 600 first 501"), sent);
        assertFalse(server.active());
    }

    @Test
    @DisplayName("rule 7: after the journal is cut (a repair) the server reads the cut journal, not what it held")
    void followsACut()
    {
        fill(10, 1);
        final EffectsFetchServer server = new EffectsFetchServer(1, journal, () -> applied);
        server.start(this::offer, 1, 5);
        drain(server);
        journal.truncateTo(6, "test");
        final byte[] bytes = "new7".getBytes();
        journal.append(7, new UnsafeBuffer(bytes), 0, bytes.length);
        applied = 7;
        sent.clear();
        server.start(this::offer, 6, 10);
        drain(server);
        assertEquals(List.of("6 first 1 e6", "7 first 1 new7", "close 7 first 1"), sent);
        assertTrue(server.replays() > 0);
    }
}
