package io.hedge.replicas;

import io.hedge.codecs.SequencedPrincipal;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.EffectsJournal;
import io.hedge.journal.JournalReader;
import io.hedge.journal.JournalRecordHandler;
import io.hedge.journal.SequencedJournal;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the records of a {@link SequencedJournal} through a {@link StateMachine} in order, folding every response into
 * the rolling state hash exactly as a live replica does ({@link StateHash#next} over the response bytes of each seq
 * and then its external effects, if any,
 * from 0). The journal's reader checks every record: a corrupt one stops the replay with a
 * {@link io.hedge.journal.JournalCorruptException} naming its file and index; nothing is skipped. A request the
 * state machine throws on is rejected as a live replica rejects it (no response, no effects, folded into the hash;
 * see {@link StateMachine}), so that replay ends in the state hash the live replica had.
 * <p>
 * One replay per instance, on one thread; allocation-free per record.
 */
public final class JournalReplayer implements JournalRecordHandler
{
    /** Told every so often during a long replay. */
    @FunctionalInterface
    public interface Progress
    {
        void onProgress(long applied, long lastSeq, long elapsedNs);
    }

    /**
     * The outcome of a replay.
     *
     * @param applied   records applied.
     * @param lastSeq   seq of the last record applied, 0 if none.
     * @param lastEpoch highest epoch seen, 0 if none.
     * @param stateHash the rolling state hash after the last record.
     * @param elapsedNs how long the replay took.
     */
    public record Result(long applied, long lastSeq, long lastEpoch, long stateHash, long elapsedNs)
    {
        public double ratePerSecond()
        {
            return applied * 1e9 / Math.max(1, elapsedNs);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(JournalReplayer.class);
    private static final int PROGRESS_CHECK_MASK = 0xFFFF;

    private final StateMachine stateMachine;
    private final ExpandableArrayBuffer response;
    private final ExpandableArrayBuffer effects;
    private final ExpandableArrayBuffer messages;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SequencedDecoder decoder = new SequencedDecoder();
    private long applied;
    private long lastSeq;
    private long lastEpoch;
    private long stateHash;
    private long rejected;
    private EffectsJournal.EffectsHandler effectsListener;

    /**
     * @param stateMachine      a fresh state machine (or one whose state matches the journal's start).
     * @param maxResponseLength the most bytes one response may take.
     */
    public JournalReplayer(final StateMachine stateMachine, final int maxResponseLength)
    {
        this.stateMachine = stateMachine;
        this.response = new ExpandableArrayBuffer(Math.max(64, maxResponseLength));
        this.effects = new ExpandableArrayBuffer(Math.max(64, stateMachine.maxEffectsLength()));
        this.messages = new ExpandableArrayBuffer(Math.max(64, stateMachine.maxMessagesLength()));
    }

    /**
     * Continue from a snapshot: the state machine already holds the state after this seq, and the replay starts
     * at the next one.
     *
     * @return this.
     */
    public JournalReplayer startAfter(final long seq, final long epoch, final long rollingStateHash)
    {
        lastSeq = seq;
        lastEpoch = epoch;
        stateHash = rollingStateHash;
        return this;
    }

    /**
     * Also hand the effects of each replayed seq that has any to this listener (a replica's effects journal, which may
     * lack those of the last seqs journaled before a crash).
     *
     * @return this.
     */
    public JournalReplayer effectsTo(final EffectsJournal.EffectsHandler listener)
    {
        this.effectsListener = listener;
        return this;
    }

    /** Replays the whole journal, or what follows {@link #startAfter}. */
    public Result replay(final SequencedJournal journal)
    {
        return replay(journal, null, Long.MAX_VALUE);
    }

    /**
     * Replays the whole journal, calling progress about every intervalNs (checked every 65,536 records).
     *
     * @throws io.hedge.journal.JournalCorruptException at the first record that cannot be read.
     */
    public Result replay(final SequencedJournal journal, final Progress progress, final long intervalNs)
    {
        final long startNs = System.nanoTime();
        long nextProgressNs = startNs + intervalNs;
        try (JournalReader reader = journal.reader())
        {
            if (lastSeq > 0 && !reader.seekToSeq(lastSeq + 1))
            {
                return new Result(applied, lastSeq, lastEpoch, stateHash, System.nanoTime() - startNs);
            }
            while (reader.readNext(this))
            {
                if (null != progress && (applied & PROGRESS_CHECK_MASK) == 0)
                {
                    final long nowNs = System.nanoTime();
                    if (nowNs - nextProgressNs >= 0)
                    {
                        progress.onProgress(applied, lastSeq, nowNs - startNs);
                        nextProgressNs = nowNs + intervalNs;
                    }
                }
            }
        }
        return new Result(applied, lastSeq, lastEpoch, stateHash, System.nanoTime() - startNs);
    }

    /**
     * @return requests the state machine threw on during this replay, each rejected as it was live.
     */
    public long rejected()
    {
        return rejected;
    }

    /** Applies one record; public only as the journal's record handler. */
    @Override
    public void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        decoder.wrapAndApplyHeader(buffer, offset, header);
        final long seq = decoder.seq();
        final long timestampNs = decoder.timestampNs();
        final long epoch = decoder.epoch();
        final int payloadLength = decoder.payloadLength();
        final int payloadOffset = decoder.limit() + Integer.BYTES;
        int responseLength = 0;
        int effectsLength = 0;
        int messagesLength = 0;
        if (StateMachine.TERM_START_CLIENT_ID != decoder.clientId())
        {
            try
            {
                // the principal as RequestApplier reads it from the same record: replay agrees with the live apply
                responseLength = stateMachine.apply(seq, timestampNs, decoder.clientId(),
                    SequencedPrincipal.of(decoder, header.blockLength()), buffer, payloadOffset, payloadLength,
                    response, 0);
                effectsLength = stateMachine.effects(effects, 0);
                messagesLength = stateMachine.messages(messages, 0);
            }
            catch (final RuntimeException ex)
            {
                // the live replica rejected it alike: no response, no effects, and it went on
                rejected++;
                LOG.warn("replaying seq {}: the state machine threw ({}); the request is rejected as it was live", seq,
                    ex.toString());
                responseLength = 0;
                effectsLength = 0;
                messagesLength = 0;
                RejectedRequests.dropEffects(stateMachine, effects, 0);
                RejectedRequests.dropMessages(stateMachine, messages, 0);
            }
        }
        stateHash = StateHash.afterApply(
            stateHash, seq, response, 0, responseLength, effects, 0, effectsLength, messages, 0, messagesLength);
        if (null != effectsListener && effectsLength > 0)
        {
            effectsListener.onEffects(seq, effects, 0, effectsLength);
        }
        lastSeq = seq;
        lastEpoch = Math.max(lastEpoch, epoch);
        applied++;
    }
}
