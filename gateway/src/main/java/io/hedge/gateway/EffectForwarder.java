package io.hedge.gateway;

import io.hedge.codecs.fabric.ExternalEffectEncoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseDecoder;
import io.hedge.codecs.fabric.SinkHelloEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Sends the external effects of committed seqs to the sink, exactly once and in seq order, whatever the sink's lag
 * (protocol v2, rule 7). One per leader term: made when the term starts, dropped at its end, nothing of it survives.
 *
 * <p>The collector calls {@link #onCommitted} once per committed seq, in seq order, with the agreed response: only
 * those seqs' effects are ever sent, so nothing of an epoch that is later abandoned reaches the sink. The forwarder
 * first asks the sink where it stands ({@code SinkHello} until a {@code SinkPosition} of this epoch comes back), then
 * sends what follows that position: from the recent committed responses it keeps ({@link #DEFAULT_LIVE_BYTES} at
 * most, the oldest dropped first) when they reach back to the sink's position, else from a replica's effects journal
 * ({@link EffectsCatchUp}), range after range, until the catch-up meets what it keeps. Memory stays bounded however
 * far behind the sink is.
 *
 * <p>Each {@code ExternalEffect} carries the seq's effect {@code count} and {@code previousSeq}, the last seq before
 * it that had effects, so the sink sees a gap. A sink that restarts announces its position (a {@code SinkPosition} of
 * an older epoch): the forwarder says hello again and resumes from the answer. A position of this epoch that differs
 * from what was sent (a sink that saw a gap, or an answer to an earlier hello) moves the cursor there. A position of a
 * newer epoch means a newer gateway has the sink: this one sends nothing more.
 *
 * <p>Not thread safe: the gateway's agent calls every method. No allocation per effect.
 */
public final class EffectForwarder implements CommitListener
{
    /** Sends an EffectsFetch to a replica: the {@link ReplicaPublisher}, or a recorder in a test. */
    @FunctionalInterface
    public interface Fetcher
    {
        /**
         * @return false when the stream pushed back: asked again later.
         */
        boolean fetch(int replicaId, long fromSeq, long toSeq);
    }

    /** Where the forwarder stands; it changes only in {@link #phase(Phase, String)}. */
    enum Phase
    {
        /** Saying hello until the sink tells its position in this epoch. */
        SYNCING,
        /** Sending what follows the sink's position. */
        FORWARDING,
        /** The sink follows a newer epoch: nothing more is sent. */
        SUPERSEDED
    }

    /** How often a forwarder that waits for the sink's position says hello again. */
    public static final long DEFAULT_HELLO_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a replica has to finish sending a range of effects. */
    public static final long DEFAULT_FETCH_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);
    /** Bytes of recent committed effects kept to send without a fetch. */
    public static final int DEFAULT_LIVE_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EffectForwarder.class);
    private static final int SEQ_LENGTH = Long.BYTES;
    private static final int SEND_BATCH = 256;

    private final StreamOffer sink;
    private final int gatewayId;
    private final long epoch;
    private final long helloIntervalNs;
    private final EffectsCatchUp catchUp;
    private final ExpandableRingBuffer live;
    private final ExpandableArrayBuffer record = new ExpandableArrayBuffer(256);
    private final ExpandableArrayBuffer message = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MessageHeaderDecoder responseHeader = new MessageHeaderDecoder();
    private final ReplicaResponseDecoder response = new ReplicaResponseDecoder();
    private final ExternalEffectEncoder effectEncoder = new ExternalEffectEncoder();
    private final SinkHelloEncoder helloEncoder = new SinkHelloEncoder();
    private final ExpandableRingBuffer.MessageConsumer liveSender = this::sendLive;
    private final ExpandableRingBuffer.MessageConsumer liveDropper = this::dropLive;
    private final EffectsCatchUp.StagedConsumer stagedSender = this::sendStaged;
    private Phase phase = Phase.SYNCING;
    private long helloDueNs;
    /** The highest committed seq heard of. */
    private long committedSeq;
    /** The live store holds the effects of every committed seq from this one to committedSeq; MAX_VALUE: none. */
    private long liveFromSeq = Long.MAX_VALUE;
    /** The sink has (or has been sent) every effect of every seq up to this one. */
    private long doneSeq;
    /** The last effect sent, or the sink's position: nothing at or before it is sent again. */
    private long sentSeq;
    private int sentIndex = -1;
    /** The last seq with effects at or before the cursor, and the one before it: previousSeq of what follows. */
    private long lastEffectSeq;
    private long previousOfLast;
    private long effectsForwarded;
    private long helloes;
    private long malformed;
    private long resyncs;

    /**
     * @param sink         offers to the sink's channel.
     * @param gatewayId    this gateway: where the sink answers.
     * @param epoch        the term's epoch.
     * @param replicaCount configured replicas, the ones effects may be fetched from.
     * @param fetcher      sends an EffectsFetch.
     * @param nowNs        the time now: the first hello goes at once.
     */
    public EffectForwarder(
        final StreamOffer sink,
        final int gatewayId,
        final long epoch,
        final int replicaCount,
        final Fetcher fetcher,
        final long nowNs)
    {
        this(sink, gatewayId, epoch, replicaCount, fetcher, nowNs, DEFAULT_HELLO_INTERVAL_NS, DEFAULT_FETCH_TIMEOUT_NS,
            DEFAULT_LIVE_BYTES, EffectsCatchUp.DEFAULT_MAX_FETCH_SEQS);
    }

    EffectForwarder(
        final StreamOffer sink,
        final int gatewayId,
        final long epoch,
        final int replicaCount,
        final Fetcher fetcher,
        final long nowNs,
        final long helloIntervalNs,
        final long fetchTimeoutNs,
        final int liveBytes,
        final long maxFetchSeqs)
    {
        if (helloIntervalNs <= 0 || liveBytes <= 0)
        {
            throw new IllegalArgumentException("hello interval and live bytes must be positive: " + helloIntervalNs +
                ", " + liveBytes);
        }
        this.sink = sink;
        this.gatewayId = gatewayId;
        this.epoch = epoch;
        this.helloIntervalNs = helloIntervalNs;
        this.catchUp = new EffectsCatchUp(gatewayId, replicaCount, fetcher, fetchTimeoutNs, maxFetchSeqs,
            EffectsCatchUp.DEFAULT_STAGE_BYTES);
        this.live = new ExpandableRingBuffer(Math.min(64 * 1024, liveBytes), liveBytes, false);
        this.helloDueNs = nowNs;
    }

    /**
     * A committed seq, in seq order, with the agreed ReplicaResponse (header included), or length 0 when the
     * collector holds none: its effects are then fetched.
     */
    @Override
    public void onCommitted(final long seq, final int replicaId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (seq <= committedSeq)
        {
            return;
        }
        committedSeq = seq;
        if (0 == length)
        {
            restartLiveAfter(seq);
            return;
        }
        catchUp.replicaMatched(replicaId);
        responseHeader.wrap(buffer, offset);
        response.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, responseHeader.blockLength(),
            responseHeader.version());
        if (Long.MAX_VALUE == liveFromSeq)
        {
            liveFromSeq = seq;
        }
        if (responseHeader.version() < 1)
        {
            return;
        }
        response.skipPayload();
        final int effectsLengthOffset = response.limit();
        final int effectsLength = response.effectsLength();
        if (0 == effectsLength)
        {
            return;
        }
        record.putLong(0, seq);
        record.putBytes(SEQ_LENGTH, buffer, effectsLengthOffset + Integer.BYTES, effectsLength);
        while (!live.append(record, 0, SEQ_LENGTH + effectsLength))
        {
            if (live.isEmpty())
            {
                restartLiveAfter(seq); // one seq's effects larger than the store: fetched like any older seq
                return;
            }
            live.consume(liveDropper, 1);
        }
    }

    private boolean dropLive(final MutableDirectBuffer buffer, final int offset, final int length, final int head)
    {
        // the oldest kept seq goes: the store now begins after it, what it held is fetched if the sink needs it
        liveFromSeq = buffer.getLong(offset) + 1;
        return true;
    }

    private void restartLiveAfter(final long seq)
    {
        live.reset(live.capacity());
        liveFromSeq = seq + 1;
    }

    /**
     * The sink's position: the answer to a hello, an unsolicited announcement of a restarted sink, or the report of
     * a sink that saw a gap.
     */
    public void onSinkPosition(final long sinkEpoch, final long lastSeq, final int lastIndex)
    {
        if (phase == Phase.SUPERSEDED)
        {
            return;
        }
        if (sinkEpoch > epoch)
        {
            phase(Phase.SUPERSEDED, "the sink follows epoch " + sinkEpoch);
            return;
        }
        if (sinkEpoch < epoch)
        {
            if (phase == Phase.FORWARDING)
            {
                resyncs++;
                helloDueNs = Long.MIN_VALUE;
                phase(Phase.SYNCING, "the sink announced seq " + lastSeq + " index " + lastIndex + " in epoch " +
                    sinkEpoch + " (restarted)");
            }
            return;
        }
        if (phase == Phase.FORWARDING && lastSeq == sentSeq && lastIndex == sentIndex)
        {
            return;
        }
        resumeFrom(lastSeq, lastIndex);
        phase(Phase.FORWARDING, "the sink holds effects up to seq " + lastSeq + " index " + lastIndex);
    }

    private void resumeFrom(final long lastSeq, final int lastIndex)
    {
        sentSeq = lastSeq;
        sentIndex = lastIndex;
        lastEffectSeq = lastSeq;
        previousOfLast = 0; // unknown; the sink checks previousSeq only at a seq's first effect
        doneSeq = lastIndex >= 0 && lastSeq > 0 ? lastSeq - 1 : lastSeq;
        catchUp.abandon();
    }

    /**
     * What a replica sends back for a fetch of effects.
     */
    public void onEffectsReplay(final int replicaId, final long seq, final boolean complete,
        final long firstAvailableSeq, final DirectBuffer buffer, final int offset, final int length)
    {
        catchUp.onReplay(replicaId, seq, complete, firstAvailableSeq, buffer, offset, length);
    }

    /**
     * Say hello while waiting for the sink; send what follows its position: fetched effects first, then the live ones
     * once they reach back far enough, fetching when they do not.
     *
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        int work = catchUp.poll(nowNs);
        if (phase == Phase.SYNCING)
        {
            if (nowNs - helloDueNs >= 0 || Long.MIN_VALUE == helloDueNs)
            {
                helloEncoder.wrapAndApplyHeader(message, 0, header).gatewayId(gatewayId).epoch(epoch);
                // a hello lost to back pressure or to a sink not yet connected is said again at the next interval
                sink.offer(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + helloEncoder.encodedLength());
                helloes++;
                helloDueNs = nowNs + helloIntervalNs;
                work++;
            }
            return work;
        }
        if (phase != Phase.FORWARDING)
        {
            return work;
        }
        work += catchUp.drain(stagedSender, SEND_BATCH);
        final long covered = catchUp.takeCovered();
        if (covered > doneSeq)
        {
            doneSeq = covered;
        }
        if (!catchUp.idle() || doneSeq >= committedSeq)
        {
            return work;
        }
        if (doneSeq + 1 >= liveFromSeq)
        {
            final int before = live.size();
            live.consume(liveSender, SEND_BATCH);
            if (live.isEmpty())
            {
                doneSeq = committedSeq;
            }
            return work + (before == live.size() ? 0 : 1);
        }
        if (catchUp.start(doneSeq + 1, committedSeq, nowNs))
        {
            work++;
        }
        return work;
    }

    private boolean sendLive(final MutableDirectBuffer buffer, final int offset, final int length, final int head)
    {
        final long seq = buffer.getLong(offset);
        if (seq <= doneSeq)
        {
            liveFromSeq = seq + 1;
            return true; // sent already, by a fetch
        }
        if (!sendEffects(seq, buffer, offset + SEQ_LENGTH, length - SEQ_LENGTH))
        {
            return false;
        }
        doneSeq = seq;
        liveFromSeq = seq + 1;
        return true;
    }

    private boolean sendStaged(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!sendEffects(seq, buffer, offset, length))
        {
            return false;
        }
        doneSeq = Math.max(doneSeq, seq);
        return true;
    }

    /**
     * Send the effects of one seq after the cursor, each with the seq's count and previousSeq.
     *
     * @return true when all are sent; false when the sink's stream pushed back (the rest is offered again).
     */
    private boolean sendEffects(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        if (seq < sentSeq)
        {
            return true;
        }
        final int count = countEffects(seq, buffer, offset, length);
        if (seq > lastEffectSeq)
        {
            previousOfLast = lastEffectSeq;
            lastEffectSeq = seq;
        }
        int position = offset;
        for (int index = 0; index < count; index++)
        {
            final int effectLength = buffer.getInt(position, ByteOrder.LITTLE_ENDIAN);
            position += Integer.BYTES;
            if (seq > sentSeq || index > sentIndex)
            {
                effectEncoder.wrapAndApplyHeader(message, 0, header)
                    .gatewayId(gatewayId)
                    .epoch(epoch)
                    .seq(seq)
                    .index(index)
                    .count(count)
                    .previousSeq(previousOfLast)
                    .putPayload(buffer, position, effectLength);
                if (sink.offer(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + effectEncoder.encodedLength()) < 0)
                {
                    return false;
                }
                sentSeq = seq;
                sentIndex = index;
                effectsForwarded++;
            }
            position += effectLength;
        }
        return true;
    }

    /**
     * @return how many whole {@code [int32 length][bytes]} effects the field holds; a malformed rest is counted and
     * logged, and not forwarded.
     */
    private int countEffects(final long seq, final DirectBuffer buffer, final int offset, final int length)
    {
        int count = 0;
        int position = offset;
        final int end = offset + length;
        while (position < end)
        {
            final int effectLength = position + Integer.BYTES <= end ?
                buffer.getInt(position, ByteOrder.LITTLE_ENDIAN) : -1;
            if (effectLength < 0 || effectLength > end - position - Integer.BYTES)
            {
                if (seq > sentSeq || (seq == sentSeq && count > sentIndex))
                {
                    malformed++;
                    LOG.error("gateway {}: malformed effects at seq {} (entry {}); the rest of that seq's effects are " +
                        "not forwarded", gatewayId, seq, count);
                }
                break;
            }
            position += Integer.BYTES + effectLength;
            count++;
        }
        return count;
    }

    private void phase(final Phase next, final String reason)
    {
        if (next != phase || next == Phase.FORWARDING)
        {
            LOG.info("gateway {} epoch {}: effects {} -> {}: {}", gatewayId, epoch, phase, next, reason);
        }
        phase = next;
    }

    Phase phase()
    {
        return phase;
    }

    long epoch()
    {
        return epoch;
    }

    /**
     * @return whether the sink has told this forwarder its position.
     */
    public boolean synced()
    {
        return phase == Phase.FORWARDING;
    }

    /**
     * @return effects sent to the sink.
     */
    public long effectsForwarded()
    {
        return effectsForwarded;
    }

    /**
     * @return hellos said.
     */
    public long helloes()
    {
        return helloes;
    }

    /**
     * @return effects fields that could not be read to their end.
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * @return times a restarted sink's announcement made this forwarder say hello again.
     */
    public long resyncs()
    {
        return resyncs;
    }

    /**
     * @return fetches of effects from replicas.
     */
    public long fetches()
    {
        return catchUp.fetches();
    }

    /**
     * @return the last seq whose effects the sink has been sent (or holds).
     */
    public long doneSeq()
    {
        return doneSeq;
    }

    /**
     * @return bytes of committed effects kept to send without a fetch.
     */
    public int liveBytes()
    {
        return live.size();
    }

    EffectsCatchUp catchUp()
    {
        return catchUp;
    }
}
