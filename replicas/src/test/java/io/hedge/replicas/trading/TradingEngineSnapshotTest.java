package io.hedge.replicas.trading;

import io.hedge.journal.Snapshot;
import io.hedge.journal.SnapshotStore;
import io.hedge.replicas.StateHash;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A snapshot must reproduce the state exactly: the same full-state hash and, what matters more, the same response
 * bytes for every request after it. Bytes that are not such a snapshot must be refused, never half loaded.
 */
class TradingEngineSnapshotTest
{
    private static final long SEED = 77_001L;
    private static final int BEFORE = 50_000;
    private static final int AFTER = 20_000;

    @Test
    void loadedEngineAnswersLikeTheOriginal()
    {
        final TradingConfig config = TradingConfig.defaults();
        final TradingEngine a = new TradingEngine(config);
        final TradingWorkload workload = new TradingWorkload(SEED, config, 60, 30, 10);
        final UnsafeBuffer request = new UnsafeBuffer(new byte[TradingWorkload.MAX_REQUEST_LENGTH]);
        final UnsafeBuffer responseA = new UnsafeBuffer(new byte[TradingEngine.maxResponseLength(config)]);
        final UnsafeBuffer responseB = new UnsafeBuffer(new byte[TradingEngine.maxResponseLength(config)]);

        long seq = 0;
        while (seq < BEFORE)
        {
            seq++;
            a.apply(seq, seq * 1_000L, 1L, 0, request, 0, workload.next(request, 0), responseA, 0);
        }
        assertTrue(a.restingOrders() > 1_000, "a book to snapshot: " + a.restingOrders());
        assertTrue(a.nextTradeId() > 1_000, "trades happened: " + a.nextTradeId());

        final ExpandableDirectByteBuffer snapshot = new ExpandableDirectByteBuffer(64);
        final int offset = 24; // not at 0, to check that offsets are honoured
        final int length = a.writeSnapshot(snapshot, offset);
        // compact: header, 8 bytes a balance, 4 a side, 48 an order and 12 a level (each level has an order)
        final int fixed = TradingSnapshot.HEADER_LENGTH + config.accounts() * (2 + 2 * config.instruments()) * 8 +
            config.instruments() * 2 * 4;
        assertTrue(length > fixed + 48 * a.restingOrders() && length <= fixed + 60 * a.restingOrders(),
            "length " + length);

        final TradingEngine b = new TradingEngine(config);
        b.loadSnapshot(snapshot, offset, length);
        assertEquals(a.fullStateHash(), b.fullStateHash());
        assertEquals(a.restingOrders(), b.restingOrders());
        assertEquals(a.nextOrderId(), b.nextOrderId());
        assertEquals(a.nextTradeId(), b.nextTradeId());
        for (long account = 1; account <= config.accounts(); account++)
        {
            assertEquals(a.cashAvailable(account), b.cashAvailable(account));
            assertEquals(a.cashReserved(account), b.cashReserved(account));
        }

        // writing the loaded state gives the same bytes
        final ExpandableDirectByteBuffer again = new ExpandableDirectByteBuffer(64);
        assertEquals(length, b.writeSnapshot(again, 0));
        assertArrayEquals(bytes(snapshot, offset, length), bytes(again, 0, length));

        long rollingA = 0;
        long rollingB = 0;
        int cancelAcks = 0;
        for (int i = 0; i < AFTER; i++)
        {
            seq++;
            final int requestLength = workload.next(request, 0);
            final int lengthA = a.apply(seq, seq * 1_000L, 1L, 0, request, 0, requestLength, responseA, 0);
            final int lengthB = b.apply(seq, seq * 1_000L, 1L, 0, request, 0, requestLength, responseB, 0);
            assertEquals(lengthA, lengthB, "response length at seq " + seq);
            for (int j = 0; j < lengthA; j++)
            {
                if (responseA.getByte(j) != responseB.getByte(j))
                {
                    fail("response differs at seq " + seq + ", byte " + j);
                }
            }
            rollingA = StateHash.next(rollingA, seq, responseA, 0, lengthA);
            rollingB = StateHash.next(rollingB, seq, responseB, 0, lengthB);
            if (responseA.getShort(2) == io.hedge.codecs.trading.CancelAckEncoder.TEMPLATE_ID)
            {
                cancelAcks++;
            }
        }
        assertEquals(rollingA, rollingB);
        assertEquals(a.fullStateHash(), b.fullStateHash());
        assertTrue(cancelAcks > 100, "cancels of orders resting since before the snapshot: " + cancelAcks);
        assertEquals(config.accounts() * config.initialCash(), b.totalCash());
    }

    @Test
    void emptyEngineRoundTrips()
    {
        final TradingConfig config = new TradingConfig(3, 2, 1_000, 10, 100, 4);
        final TradingEngine a = new TradingEngine(config);
        final ExpandableDirectByteBuffer snapshot = new ExpandableDirectByteBuffer(8);
        final int length = a.writeSnapshot(snapshot, 0);
        final TradingEngine b = new TradingEngine(config);
        b.loadSnapshot(snapshot, 0, length);
        assertEquals(a.fullStateHash(), b.fullStateHash());
    }

    @Test
    void snapshotOfAnotherConfigurationIsRefused()
    {
        final TradingConfig config = TradingConfig.defaults();
        final Snap snap = run(config, 5_000);

        final TradingConfig[] others = {
            new TradingConfig(999, 16, 1_000_000_000L, 1_000_000L, 1_000_000, 64),
            new TradingConfig(1_000, 15, 1_000_000_000L, 1_000_000L, 1_000_000, 64),
            new TradingConfig(1_000, 16, 1_000_000_001L, 1_000_000L, 1_000_000, 64),
            new TradingConfig(1_000, 16, 1_000_000_000L, 1_000_001L, 1_000_000, 64),
            new TradingConfig(1_000, 16, 1_000_000_000L, 1_000_000L, 999_999, 64),
            new TradingConfig(1_000, 16, 1_000_000_000L, 1_000_000L, 1_000_000, 63),
        };
        for (final TradingConfig other : others)
        {
            final TradingEngine engine = new TradingEngine(other);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> engine.loadSnapshot(snap.buffer, 0, snap.length), other.toString());
            assertTrue(ex.getMessage().contains("configuration"), ex.getMessage());
            assertEquals(new TradingEngine(other).fullStateHash(), engine.fullStateHash(), "left unchanged");
        }
    }

    @Test
    void truncatedOrExtendedSnapshotIsRefused()
    {
        final TradingConfig config = TradingConfig.defaults();
        final Snap snap = run(config, 20_000);
        final long freshHash = new TradingEngine(config).fullStateHash();

        final int[] lengths = {
            0, 1, 4, 7, 8, 12, 63, 64, 65, snap.length / 2, snap.length - 24, snap.length - 8, snap.length - 1 };
        for (final int length : lengths)
        {
            final TradingEngine engine = new TradingEngine(config);
            // copied into an exact-size buffer, so that nothing past the end can be read by mistake either
            final UnsafeBuffer cut = new UnsafeBuffer(bytes(snap.buffer, 0, length));
            assertThrows(IllegalArgumentException.class, () -> engine.loadSnapshot(cut, 0, length),
                "length " + length);
            assertEquals(freshHash, engine.fullStateHash(), "left unchanged after length " + length);
        }

        final UnsafeBuffer longer = new UnsafeBuffer(new byte[snap.length + 1]);
        longer.putBytes(0, snap.buffer, 0, snap.length);
        assertThrows(IllegalArgumentException.class,
            () -> new TradingEngine(config).loadSnapshot(longer, 0, snap.length + 1));
        assertThrows(IllegalArgumentException.class,
            () -> new TradingEngine(config).loadSnapshot(snap.buffer, 0, snap.buffer.capacity() + 1));
    }

    @Test
    void notASnapshotIsRefused()
    {
        final TradingConfig config = TradingConfig.defaults();
        final Snap snap = run(config, 1_000);

        final UnsafeBuffer wrongMagic = new UnsafeBuffer(bytes(snap.buffer, 0, snap.length));
        wrongMagic.putInt(0, 0x12345678);
        final IllegalArgumentException magic = assertThrows(IllegalArgumentException.class,
            () -> new TradingEngine(config).loadSnapshot(wrongMagic, 0, snap.length));
        assertTrue(magic.getMessage().contains("not a trading engine snapshot"), magic.getMessage());

        final UnsafeBuffer wrongVersion = new UnsafeBuffer(bytes(snap.buffer, 0, snap.length));
        wrongVersion.putInt(4, 99);
        final IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
            () -> new TradingEngine(config).loadSnapshot(wrongVersion, 0, snap.length));
        assertTrue(version.getMessage().contains("version 99"), version.getMessage());
    }

    /**
     * A changed byte is either refused by the checks or gives another full-state hash (which the caller compares
     * with the stored one); it never throws anything else and never loads as the original state.
     */
    @Test
    void corruptedBytesNeverLoadAsTheOriginal()
    {
        // small, so that a fresh engine is cheap to build for each of the thousands of loads
        final TradingConfig config = new TradingConfig(20, 3, 1_000_000_000L, 1_000_000L, 2_000, 16);
        final Snap snap = run(config, 2_000);
        int refused = 0;
        int loadedOther = 0;
        for (int position = 0; position < snap.length; position += 3)
        {
            final UnsafeBuffer corrupt = new UnsafeBuffer(bytes(snap.buffer, 0, snap.length));
            corrupt.putByte(position, (byte)(corrupt.getByte(position) ^ 0x04));
            final TradingEngine engine = new TradingEngine(config);
            try
            {
                engine.loadSnapshot(corrupt, 0, snap.length);
                assertNotEquals(snap.fullStateHash, engine.fullStateHash(), "byte " + position + " went unnoticed");
                loadedOther++;
            }
            catch (final IllegalArgumentException ex)
            {
                refused++;
            }
        }
        assertTrue(refused > 0 && loadedOther > 0, "refused " + refused + ", loaded as another state " + loadedOther);
    }

    @Test
    void refusedLoadLeavesTheEngineLoadableAndALoadedEngineIsNotFresh()
    {
        final TradingConfig config = TradingConfig.defaults();
        final Snap snap = run(config, 3_000);
        final TradingEngine engine = new TradingEngine(config);
        assertThrows(IllegalArgumentException.class, () -> engine.loadSnapshot(snap.buffer, 0, snap.length - 1));
        engine.loadSnapshot(snap.buffer, 0, snap.length);
        assertEquals(snap.fullStateHash, engine.fullStateHash());

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> engine.loadSnapshot(snap.buffer, 0, snap.length));
        assertTrue(ex.getMessage().contains("freshly constructed"), ex.getMessage());
    }

    @Test
    void throughTheSnapshotStore() throws IOException
    {
        final Path dir = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("engine-snapshots-" + System.nanoTime());
        try
        {
            final TradingConfig config = TradingConfig.defaults();
            final SnapshotStore store = new SnapshotStore(dir);
            final Snap older = run(config, 2_000);
            store.write(2_000, 1, 11, older.fullStateHash, older.buffer, 0, older.length);
            final Snap newer = run(config, 4_000);
            // stored with a wrong full-state hash, as if the state machine had diverged before writing it
            store.write(4_000, 1, 22, newer.fullStateHash + 1, newer.buffer, 0, newer.length);

            final TradingEngine[] loaded = new TradingEngine[1];
            final Snapshot snapshot = store.loadNewestValid(s ->
            {
                final TradingEngine engine = new TradingEngine(config);
                engine.loadSnapshot(s.body(), 0, s.bodyLength());
                loaded[0] = engine;
                return engine.fullStateHash() == s.fullStateHash();
            });

            assertNotNull(snapshot);
            assertEquals(2_000, snapshot.seq());
            assertEquals(older.fullStateHash, loaded[0].fullStateHash());
            assertEquals(1, store.rejected().size());
            assertEquals(store.fileFor(4_000), store.rejected().get(0).file());
        }
        finally
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
    }

    private record Snap(ExpandableDirectByteBuffer buffer, int length, long fullStateHash)
    {
    }

    private static Snap run(final TradingConfig config, final int requests)
    {
        final TradingEngine engine = new TradingEngine(config);
        final TradingWorkload workload = new TradingWorkload(SEED, config, 60, 30, 10);
        final UnsafeBuffer request = new UnsafeBuffer(new byte[TradingWorkload.MAX_REQUEST_LENGTH]);
        final UnsafeBuffer response = new UnsafeBuffer(new byte[TradingEngine.maxResponseLength(config)]);
        for (long seq = 1; seq <= requests; seq++)
        {
            engine.apply(seq, seq, 1L, 0, request, 0, workload.next(request, 0), response, 0);
        }
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64);
        final int length = engine.writeSnapshot(buffer, 0);
        return new Snap(buffer, length, engine.fullStateHash());
    }

    private static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}
