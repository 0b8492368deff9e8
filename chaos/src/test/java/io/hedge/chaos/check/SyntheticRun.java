package io.hedge.chaos.check;

import io.hedge.chaos.workload.HistoryWriter;
import io.hedge.chaos.workload.Operation;
import io.hedge.chaos.workload.OperationWriter;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.journal.SequencedJournal;
import io.hedge.replicas.trading.ExpectedEffects;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.replicas.trading.TradingEngine;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small made-up run for the checkers' tests: one client's history written with {@link HistoryWriter}, journals
 * written with {@link SequencedJournal} from {@code Sequenced} messages carrying trading payloads, and the sink's
 * {@link EffectLog}, all in a directory of its own under target/.
 */
final class SyntheticRun implements AutoCloseable
{
    /** Instrument 4 is routed: its fills are effects. */
    static final TradingConfig TRADING = new TradingConfig(10, 4, 1_000_000, 1_000, 1_000, 64, 4);
    static final long CLIENT = 7;
    static final long EPOCH = 1;

    final Path dir;
    final Path historyFile;
    final HistoryWriter history;
    /** The journal every replica holds in a correct run, in seq order. */
    final List<JournalEntry> journal = new ArrayList<>();
    private final OperationWriter encoder = new OperationWriter();
    private long correlationId;
    /** The synthetic wall clock, ms; each event moves it 10 ms on. */
    long wallMs = 1_000_000;

    SyntheticRun(final String name)
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), name + "-" + System.nanoTime())
            .toAbsolutePath();
        historyFile = dir.resolve("client-" + CLIENT + ".history");
        history = new HistoryWriter(historyFile, CLIENT);
        history.start(0, wallMs, "synthetic");
    }

    static Operation transfer(final long id, final long from, final long to, final long amount)
    {
        return new Operation(Operation.Kind.TRANSFER, id, from, to, 0, 0, 0, amount);
    }

    static Operation order(final long id, final long account, final int side, final long price, final long quantity)
    {
        return new Operation(Operation.Kind.NEW_ORDER, id, account, 0, 4, side, price, quantity);
    }

    /**
     * A request submitted, journaled at the next seq and answered OK.
     *
     * @return its correlation id.
     */
    long acknowledged(final Operation op)
    {
        final long corr = submit(op);
        final long seq = journal(CLIENT, corr, op);
        history.answer(0, tick(), corr, "OK", seq, 1, "");
        return corr;
    }

    /**
     * @return the correlation id of a request submitted and nothing more.
     */
    long submit(final Operation op)
    {
        final long corr = ++correlationId;
        history.submit(0, tick(), corr, op);
        return corr;
    }

    /**
     * Journal a request at the next seq.
     *
     * @return its seq.
     */
    long journal(final long clientId, final long corr, final Operation op)
    {
        final long seq = journal.size() + 1;
        journal.add(entry(seq, EPOCH, clientId, corr, op));
        return seq;
    }

    JournalEntry entry(final long seq, final long epoch, final long clientId, final long corr, final Operation op)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[OperationWriter.MAX_LENGTH]);
        final int payloadLength = encoder.encode(op, 0, payload, 0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final SequencedEncoder encoder = new SequencedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .epoch(epoch)
            .seq(seq)
            .timestampNs(seq * 1_000)
            .clientId(clientId)
            .correlationId(corr)
            .putPayload(payload, 0, payloadLength);
        final byte[] record = new byte[MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()];
        buffer.getBytes(0, record);
        return ReplicaJournal.entry(record);
    }

    long tick()
    {
        wallMs += 10;
        return wallMs;
    }

    void end()
    {
        history.end(0, tick(), "synthetic");
    }

    /**
     * @return the effects the journal implies, as (seq, index, bytes).
     */
    List<Object[]> effects(final List<JournalEntry> entries)
    {
        final List<Object[]> effects = new ArrayList<>();
        final ExpectedEffects expected = new ExpectedEffects(new TradingEngine(TRADING),
            TradingEngine.maxResponseLength(TRADING), (seq, index, buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                effects.add(new Object[]{seq, index, bytes});
            });
        for (final JournalEntry e : entries)
        {
            expected.onRecord(new UnsafeBuffer(e.record()), 0, e.record().length);
        }
        return effects;
    }

    /**
     * Write the journals and the sink's log, and read the run back as the checkers do.
     */
    RunRecord record(final Map<String, List<JournalEntry>> journals, final List<Object[]> sink, final FaultTimeline faults,
        final long boundMs)
    {
        final Map<String, Path> dirs = new LinkedHashMap<>();
        journals.forEach((name, entries) ->
        {
            final Path journalDir = dir.resolve(name);
            try (SequencedJournal j = SequencedJournal.open(journalDir))
            {
                if (!entries.isEmpty() && entries.get(0).seq() > 1)
                {
                    j.startAfter(entries.get(0).seq() - 1);
                }
                for (final JournalEntry e : entries)
                {
                    j.append(new UnsafeBuffer(e.record()), 0, e.record().length);
                }
            }
            dirs.put(name, journalDir);
        });
        final Path effectFile = dir.resolve("sink.effects");
        try (EffectLog log = new EffectLog(effectFile))
        {
            for (final Object[] effect : sink)
            {
                final byte[] bytes = (byte[])effect[2];
                log.onEffect((Long)effect[0], (Integer)effect[1], new UnsafeBuffer(bytes), 0, bytes.length);
            }
        }
        history.close();
        return RunRecord.load(List.of(historyFile), dirs, effectFile, faults, TRADING, boundMs);
    }

    /**
     * Every replica holds the journal, the sink every effect.
     */
    RunRecord correct()
    {
        return record(Map.of("replica-A", journal, "replica-B", journal, "replica-C", journal), effects(journal),
            FaultTimeline.none(), RunRecord.DEFAULT_AVAILABILITY_BOUND_MS);
    }

    @Override
    public void close()
    {
        history.close();
        IoUtil.delete(dir.toFile(), true);
    }
}
