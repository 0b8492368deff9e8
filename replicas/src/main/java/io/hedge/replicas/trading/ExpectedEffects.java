package io.hedge.replicas.trading;

import io.hedge.codecs.SequencedPrincipal;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.journal.JournalRecordHandler;
import io.hedge.journal.SequencedJournal;
import io.hedge.replicas.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * An invariant checker for tests and audits: the external effects a replica's journal implies. It applies the journal's
 * {@code Sequenced} records, in order, to a fresh state machine (by default a {@link TradingEngine}) exactly as a
 * replica does, and lists every effect {@link StateMachine#effects} emits, as {@code (seq, index)}, in the order the
 * gateway forwards them. An exactly-once run leaves the sink with exactly this list: no effect missing, none twice,
 * none out of order ({@link #differenceFrom}).
 *
 * <p>The journal must start at seq 1 (a fresh state machine knows nothing before it), unless the state machine given
 * has loaded a snapshot and {@link #startAfter} says which seq it covers. A corrupt journal stops the replay with the
 * journal's {@link io.hedge.journal.JournalCorruptException}. One replay per instance, on one thread.
 */
public final class ExpectedEffects implements JournalRecordHandler
{
    /** Told of each effect as it is found; the buffer is valid only during the call. */
    @FunctionalInterface
    public interface Listener
    {
        void onEffect(long seq, int index, DirectBuffer buffer, int offset, int length);
    }

    private final StateMachine stateMachine;
    private final Listener listener;
    private final ExpandableArrayBuffer response;
    private final UnsafeBuffer effects;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SequencedDecoder decoder = new SequencedDecoder();
    private final LongArrayList seqs = new LongArrayList();
    private final IntArrayList indexes = new IntArrayList();
    private long startAfterSeq;
    private long lastSeq;
    private long applied;

    /**
     * Effects of a fresh {@link TradingEngine} of this configuration.
     */
    public ExpectedEffects(final TradingConfig config)
    {
        this(new TradingEngine(config), TradingEngine.maxResponseLength(config), null);
    }

    /**
     * @param stateMachine      fresh, or holding a snapshot's state (then call {@link #startAfter}).
     * @param maxResponseLength the most bytes one response may take.
     * @param listener          told of each effect with its bytes; may be null.
     */
    public ExpectedEffects(final StateMachine stateMachine, final int maxResponseLength, final Listener listener)
    {
        this.stateMachine = stateMachine;
        this.listener = listener;
        this.response = new ExpandableArrayBuffer(Math.max(64, maxResponseLength));
        this.effects = new UnsafeBuffer(new byte[Math.max(0, stateMachine.maxEffectsLength())]);
    }

    /**
     * The effects a replica with this journal implies, from a fresh trading engine.
     *
     * @param journal starting at seq 1.
     * @param config  the engine's configuration, equal to the replicas'.
     * @return the effects found.
     */
    public static ExpectedEffects of(final SequencedJournal journal, final TradingConfig config)
    {
        return new ExpectedEffects(config).replay(journal);
    }

    /**
     * The state machine holds the state after this seq (a snapshot's): the replay begins with the next one.
     *
     * @return this.
     */
    public ExpectedEffects startAfter(final long seq)
    {
        if (applied > 0)
        {
            throw new IllegalStateException("already replayed up to seq " + lastSeq);
        }
        startAfterSeq = seq;
        lastSeq = seq;
        return this;
    }

    /**
     * Applies the whole journal (or what follows {@link #startAfter}).
     *
     * @return this.
     * @throws IllegalStateException if the journal does not begin where the state machine's state ends.
     */
    public ExpectedEffects replay(final SequencedJournal journal)
    {
        if (journal.firstSeq() == 0)
        {
            return this;
        }
        if (journal.firstSeq() > startAfterSeq + 1)
        {
            throw new IllegalStateException("journal " + journal.directory() + " begins at seq " + journal.firstSeq() +
                ": the effects before it cannot be known without a snapshot of the state after seq " +
                (journal.firstSeq() - 1));
        }
        try (JournalReader reader = journal.reader())
        {
            if (startAfterSeq > 0 && !reader.seekToSeq(startAfterSeq + 1))
            {
                return this;
            }
            return replay(reader);
        }
    }

    /**
     * Applies every record the reader has left.
     *
     * @return this.
     */
    public ExpectedEffects replay(final JournalReader reader)
    {
        while (reader.readNext(this))
        {
            // each record is applied by the handler
        }
        return this;
    }

    /** Applies one record; public only as the journal's record handler. */
    @Override
    public void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        decoder.wrapAndApplyHeader(buffer, offset, header);
        final long seq = decoder.seq();
        if (seq != lastSeq + 1)
        {
            throw new IllegalStateException("seq " + seq + " does not follow seq " + lastSeq);
        }
        final int payloadLength = decoder.payloadLength();
        final int payloadOffset = decoder.limit() + Integer.BYTES;
        stateMachine.apply(seq, decoder.timestampNs(), decoder.clientId(),
            SequencedPrincipal.of(decoder, header.blockLength()), buffer, payloadOffset, payloadLength, response, 0);
        final int effectsLength = stateMachine.effects(effects, 0);
        int position = 0;
        int index = 0;
        while (position < effectsLength)
        {
            if (position + Integer.BYTES > effectsLength)
            {
                throw new IllegalStateException("malformed effects of seq " + seq + " at byte " + position);
            }
            final int entryLength = effects.getInt(position, ByteOrder.LITTLE_ENDIAN);
            position += Integer.BYTES;
            if (entryLength < 0 || position + entryLength > effectsLength)
            {
                throw new IllegalStateException("malformed effects of seq " + seq + ": entry " + index + " of " +
                    entryLength + " bytes");
            }
            seqs.addLong(seq);
            indexes.addInt(index);
            if (null != listener)
            {
                listener.onEffect(seq, index, effects, position, entryLength);
            }
            position += entryLength;
            index++;
        }
        lastSeq = seq;
        applied++;
    }

    /**
     * @return how many effects the journal implies.
     */
    public int count()
    {
        return seqs.size();
    }

    /**
     * @return the seq of the i-th effect, from 0, in forwarding order.
     */
    public long seqAt(final int i)
    {
        return seqs.getLong(i);
    }

    /**
     * @return the index, among its seq's effects, of the i-th effect.
     */
    public int indexAt(final int i)
    {
        return indexes.getInt(i);
    }

    /**
     * @return records applied.
     */
    public long applied()
    {
        return applied;
    }

    /**
     * @return the last seq applied (or the one given to {@link #startAfter}).
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * @return each effect as one number, {@link #effectId}, in forwarding order.
     */
    public long[] effectIds()
    {
        final long[] ids = new long[seqs.size()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = effectId(seqs.getLong(i), indexes.getInt(i));
        }
        return ids;
    }

    /**
     * @return one number naming an effect: its seq and its position among the seq's effects (below 65,536).
     */
    public static long effectId(final long seq, final int index)
    {
        return (seq << 16) | (index & 0xFFFF);
    }

    /**
     * Compare what a sink received, in the order it accepted it, with what the journal implies.
     *
     * @param sinkSeqs    seq of each effect the sink accepted.
     * @param sinkIndexes index of each, alike.
     * @param count       how many the sink accepted.
     * @return null if they are the same list; otherwise a description of the first difference.
     */
    public String differenceFrom(final long[] sinkSeqs, final int[] sinkIndexes, final int count)
    {
        final int expected = seqs.size();
        for (int i = 0; i < Math.min(count, expected); i++)
        {
            if (sinkSeqs[i] != seqs.getLong(i) || sinkIndexes[i] != indexes.getInt(i))
            {
                return "effect " + i + " at the sink is (seq " + sinkSeqs[i] + ", index " + sinkIndexes[i] +
                    "), the journal implies (seq " + seqs.getLong(i) + ", index " + indexes.getInt(i) + ")";
            }
        }
        if (count < expected)
        {
            return "the sink has " + count + " effects, the journal implies " + expected + "; the first missing is " +
                "(seq " + seqs.getLong(count) + ", index " + indexes.getInt(count) + ")";
        }
        if (count > expected)
        {
            return "the sink has " + count + " effects, the journal implies only " + expected + "; the first extra " +
                "is (seq " + sinkSeqs[expected] + ", index " + sinkIndexes[expected] + ")";
        }
        return null;
    }
}
