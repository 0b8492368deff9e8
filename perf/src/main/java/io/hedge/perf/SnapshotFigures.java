package io.hedge.perf;

import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.journal.Snapshot;
import io.hedge.journal.SnapshotStore;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The figure "snapshot write and load time and size for a book with 100,000 resting orders": builds a trading
 * engine whose books hold that many non-crossing orders, then times
 * <ul>
 *     <li>write: {@code TradingEngine.writeSnapshot} plus {@code SnapshotStore.write} (temp file, fsync, rename,
 *     directory fsync, pruning), and</li>
 *     <li>load: {@code SnapshotStore.loadNewestValid} with a check that builds a fresh engine, loads the body into it
 *     and compares its full-state hash with the stored one, which is what a restarting replica does,</li>
 * </ul>
 * each as the median of 5 runs after one warm-up run, and prints the file size. Every load is checked: a state that
 * differs from the original fails the run.
 *
 * <p>Usage: {@code SnapshotFigures [orders] [directory]}, by default 100000 and {@code target/snapshot-figures};
 * the directory is deleted afterwards. The file is read back from the page cache, not the device.
 */
public final class SnapshotFigures
{
    private static final int RUNS = 5;
    private static final long MID_PRICE = 10_000;
    private static final int LEVELS_PER_SIDE = 500;

    private SnapshotFigures()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final Path dir = Paths.get(args.length > 1 ? args[1] : "target/snapshot-figures")
            .resolve("run-" + System.nanoTime());

        final TradingConfig config = new TradingConfig(1_000, 16, 1_000_000_000_000L, 1_000_000_000L, 2 * orders, 64);
        final TradingEngine engine = build(config, orders);
        final long hash = engine.fullStateHash();

        try
        {
            final SnapshotStore store = new SnapshotStore(dir);
            final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1024 * 1024);
            final long[] serialise = new long[RUNS];
            final long[] store1 = new long[RUNS];
            final long[] write = new long[RUNS];
            final long[] read = new long[RUNS];
            final long[] deserialise = new long[RUNS];
            final long[] load = new long[RUNS];
            final long[] construct = new long[RUNS];
            final long[] restore = new long[RUNS];
            final long[] hashing = new long[RUNS];
            int length = 0;
            long fileSize = 0;

            for (int run = -1; run < RUNS; run++)
            {
                final long seq = 1_000_000L + run + 1;

                final long t0 = System.nanoTime();
                length = engine.writeSnapshot(buffer, 0);
                final long t1 = System.nanoTime();
                final Path file = store.write(seq, 1, seq, hash, buffer, 0, length);
                final long t2 = System.nanoTime();
                fileSize = Files.size(file);

                final long[] loadNs = new long[4];
                final TradingEngine[] loaded = new TradingEngine[1];
                final long t3 = System.nanoTime();
                final Snapshot snapshot = store.loadNewestValid(s ->
                {
                    final long start = System.nanoTime();
                    final TradingEngine fresh = new TradingEngine(config);
                    final long constructed = System.nanoTime();
                    fresh.loadSnapshot(s.body(), 0, s.bodyLength());
                    final long restored = System.nanoTime();
                    final boolean same = fresh.fullStateHash() == s.fullStateHash();
                    loadNs[0] = start;
                    loadNs[1] = System.nanoTime();
                    loadNs[2] = constructed;
                    loadNs[3] = restored;
                    loaded[0] = fresh;
                    return same;
                });
                final long t4 = System.nanoTime();

                if (null == snapshot || snapshot.seq() != seq || loaded[0].fullStateHash() != hash ||
                    loaded[0].restingOrders() != engine.restingOrders() || !store.rejected().isEmpty())
                {
                    throw new IllegalStateException("loaded snapshot differs from the original: " + snapshot +
                        ", rejected " + store.rejected());
                }
                if (run >= 0)
                {
                    serialise[run] = t1 - t0;
                    store1[run] = t2 - t1;
                    write[run] = t2 - t0;
                    read[run] = loadNs[0] - t3;
                    deserialise[run] = loadNs[1] - loadNs[0];
                    construct[run] = loadNs[2] - loadNs[0];
                    restore[run] = loadNs[3] - loadNs[2];
                    hashing[run] = loadNs[1] - loadNs[3];
                    load[run] = t4 - t3;
                }
            }

            System.out.printf(Locale.ROOT, "snapshot of a book with %,d resting orders (%s)%n",
                engine.restingOrders(), config);
            System.out.printf(Locale.ROOT, "  file size            %,d bytes (body %,d, %.1f bytes per order)%n",
                fileSize, length, (double)length / engine.restingOrders());
            System.out.printf(Locale.ROOT, "  write                %8.2f ms median of %d (all: %s)%n",
                median(write), RUNS, all(write));
            System.out.printf(Locale.ROOT, "    writeSnapshot      %8.2f ms%n", median(serialise));
            System.out.printf(Locale.ROOT, "    SnapshotStore.write%8.2f ms (temp file, fsync, rename, dir fsync)%n",
                median(store1));
            System.out.printf(Locale.ROOT, "  load                 %8.2f ms median of %d (all: %s)%n",
                median(load), RUNS, all(load));
            System.out.printf(Locale.ROOT, "    read and verify    %8.2f ms (read file, header and body CRC32C)%n",
                median(read));
            System.out.printf(Locale.ROOT,
                "    loadSnapshot+hash  %8.2f ms (fresh engine, validate, rebuild, fullStateHash)%n",
                median(deserialise));
            System.out.printf(Locale.ROOT, "      new TradingEngine%8.2f ms%n", median(construct));
            System.out.printf(Locale.ROOT, "      loadSnapshot     %8.2f ms (validate, then rebuild)%n", median(restore));
            System.out.printf(Locale.ROOT, "      fullStateHash    %8.2f ms%n", median(hashing));
        }
        finally
        {
            delete(dir);
        }
    }

    /**
     * A book of non-crossing orders: bids below the mid price and asks above it, over every instrument and account,
     * {@link #LEVELS_PER_SIDE} price levels a side.
     */
    private static TradingEngine build(final TradingConfig config, final int orders)
    {
        final TradingEngine engine = new TradingEngine(config);
        final UnsafeBuffer request = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer response = new UnsafeBuffer(new byte[TradingEngine.maxResponseLength(config)]);
        final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        final NewOrderEncoder encoder = new NewOrderEncoder();
        final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

        for (int n = 0; n < orders; n++)
        {
            final boolean buy = 0 == (n & 1);
            final int instrument = 1 + (n >>> 1) % config.instruments();
            final int account = 1 + (n / 3) % config.accounts();
            final int level = (n / 7) % LEVELS_PER_SIDE;
            encoder.wrapAndApplyHeader(request, 0, headerEncoder)
                .clientOrderId(n + 1)
                .accountId(account)
                .price(buy ? MID_PRICE - 1 - level : MID_PRICE + 1 + level)
                .quantity(1 + n % 100)
                .userData(0)
                .instrumentId(instrument)
                .side(buy ? Side.BUY : Side.SELL);
            final long seq = n + 1;
            engine.apply(seq, seq, 1L, 0, request, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(),
                response, 0);
            if (headerDecoder.wrap(response, 0).templateId() != ExecutionReportDecoder.TEMPLATE_ID)
            {
                throw new IllegalStateException("order " + n + " was rejected");
            }
        }
        if (engine.restingOrders() != orders || engine.nextTradeId() != 1)
        {
            throw new IllegalStateException("expected " + orders + " resting orders and no trades, got " +
                engine.restingOrders() + " and " + (engine.nextTradeId() - 1));
        }
        return engine;
    }

    private static double median(final long[] nanos)
    {
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static String all(final long[] nanos)
    {
        final StringBuilder sb = new StringBuilder();
        for (final long ns : nanos)
        {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", ns / 1e6));
        }
        return sb.toString();
    }

    private static void delete(final Path dir) throws IOException
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
