package io.hedge.chaos;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.SinkPositionEncoder;
import io.hedge.transport.InboundCheck;
import io.hedge.transport.MemberSealing;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A sample external sink (the exchange connection of the seeds' example), for tests and for a {@code hedge sink}
 * command: it receives each external effect from the active gateway and applies it once.
 *
 * <ul>
 *     <li>Position: the last effect applied, {@code (lastSeq, lastIndex)}; effects arrive in that order. Which effect
 *     is applied, dropped or reported as a gap is the {@link SinkLedger}'s decision.</li>
 *     <li>Fencing: the sink follows the highest epoch a gateway has said hello in. A {@code SinkHello} of that epoch
 *     or a higher one is adopted and answered with {@code SinkPosition(epoch, lastSeq, lastIndex)} to that gateway,
 *     which then sends only what comes after. An {@code ExternalEffect} of a lower epoch is dropped
 *     ({@link #staleEffects()}): it comes from a gateway that has been superseded.</li>
 *     <li>An effect at or before the position is not applied again; it is counted in {@link #duplicates()}.</li>
 *     <li>Gaps (rule 7): each effect carries its seq's {@code count} and {@code previousSeq}; one that does not follow
 *     the position exactly is not applied, counted in {@link #gaps()}, logged, and the position is reported to the
 *     gateway that sent it (at most every {@link #REPORT_INTERVAL_NS}), which resumes from it. What is applied never
 *     has a hole.</li>
 *     <li>Restart: a sink resumed from a kept position ({@link #resumeFrom}) announces it unsolicited to every gateway
 *     until each has taken it or a gateway says hello; the active one says hello again and resumes from it.</li>
 * </ul>
 *
 * <p>The position is kept by the listener (the {@code hedge sink --effects} log): a real exchange adapter would persist
 * it with what it sends, or learn it from the exchange at logon.
 *
 * <p>Runs on one thread (an {@link Agent}); the counters may be read from any thread.
 */
public final class EffectSink implements Agent
{
    /** Receives each effect accepted, in order, on the sink's thread. */
    @FunctionalInterface
    public interface EffectListener
    {
        /**
         * @param seq    of the effect.
         * @param index  its position among the effects of that seq, from 0.
         * @param buffer holding its bytes; valid only during the call.
         * @param offset where they start.
         * @param length how many.
         */
        void onEffect(long seq, int index, DirectBuffer buffer, int offset, int length);

        /**
         * As {@link #onEffect(long, int, DirectBuffer, int, int)}, with the seq's effect count and previousSeq, for a
         * log that a restarted sink resumes from and a checker checks for gaps.
         */
        default void onEffect(final long seq, final int index, final int count, final long previousSeq,
            final DirectBuffer buffer, final int offset, final int length)
        {
            onEffect(seq, index, buffer, offset, length);
        }

        /**
         * An effect that did not follow the position was not applied (a gap).
         */
        default void onGap(final long lastSeq, final int lastIndex, final long seq, final int index,
            final long previousSeq)
        {
        }
    }

    /** A gap is reported to the gateway at most this often; the same for the announcements of a restarted sink. */
    public static final long REPORT_INTERVAL_NS = 100_000_000L;

    private static final int FRAGMENT_LIMIT = 64;
    private static final Logger LOG = LoggerFactory.getLogger(EffectSink.class);

    private final Subscription subscription;
    private final ExclusivePublication[] replies;
    private final EffectListener listener;
    private final FragmentAssembler assembler;
    private final MemberSealing sealing;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SinkPositionEncoder position = new SinkPositionEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);

    private final SinkLedger ledger = new SinkLedger();
    private final boolean[] announced;
    private boolean announcing;
    private long announceDueNs;
    private long gapReportDueNs;
    private volatile long epoch;
    private volatile long lastSeq;
    private volatile int lastIndex = -1;
    private volatile long gaps;
    private volatile long announcements;
    private volatile long accepted;
    private volatile long duplicates;
    private volatile long staleEffects;
    private volatile long helloes;
    private volatile long unanswered;

    /**
     * @param aeron           the client to use.
     * @param channel         where effects arrive.
     * @param streamId        their stream.
     * @param gatewayChannels each gateway's inbound channel, by gateway id - 1: where positions are sent.
     * @param replyStreamId   the stream gateways receive on.
     * @param listener        of each effect accepted; may be null.
     */
    public EffectSink(
        final Aeron aeron,
        final String channel,
        final int streamId,
        final List<String> gatewayChannels,
        final int replyStreamId,
        final EffectListener listener)
    {
        this(aeron, channel, streamId, gatewayChannels, replyStreamId, MemberSealing.off(), listener, null);
    }

    /**
     * As above, counting the messages it drops because their lengths do not fit what arrived in {@code malformed}
     * (the sink's security counter; null for none).
     */
    public EffectSink(
        final Aeron aeron,
        final String channel,
        final int streamId,
        final List<String> gatewayChannels,
        final int replyStreamId,
        final EffectListener listener,
        final AtomicCounter malformed)
    {
        this(aeron, channel, streamId, gatewayChannels, replyStreamId, MemberSealing.off(), listener, malformed);
    }

    /**
     * @param sealing   checks the seal of what gateways send and seals the positions sent back: the sink is a member
     *                  and holds the cluster key when member authentication is on. The seal is checked before the
     *                  message's lengths, which are checked before it is decoded.
     * @param malformed counts the messages dropped because their lengths do not fit what arrived (the sink's
     *                  security counter; null for none).
     * @see #EffectSink(Aeron, String, int, List, int, EffectListener)
     */
    public EffectSink(
        final Aeron aeron,
        final String channel,
        final int streamId,
        final List<String> gatewayChannels,
        final int replyStreamId,
        final MemberSealing sealing,
        final EffectListener listener,
        final AtomicCounter malformed)
    {
        this.listener = listener;
        this.sealing = sealing;
        this.assembler = new FragmentAssembler(sealing.wrap(new EffectSinkAdapter(new EffectSinkAdapter.Listener()
        {
            public void onHello(final int gatewayId, final long epoch)
            {
                EffectSink.this.onHello(gatewayId, epoch);
            }

            public void onEffect(final int gatewayId, final long epoch, final long seq, final int index,
                final int count, final long previousSeq, final DirectBuffer buffer, final int offset, final int length)
            {
                payload.wrap(buffer, offset, length);
                EffectSink.this.onEffect(gatewayId, epoch, seq, index, count, previousSeq);
            }
        }, new InboundCheck("effects sink", malformed))));
        replies = new ExclusivePublication[gatewayChannels.size()];
        announced = new boolean[replies.length];
        announcing = true; // a (re)started sink tells the gateways where it stands
        Subscription subscription = null;
        try
        {
            subscription = aeron.addSubscription(channel, streamId);
            for (int i = 0; i < replies.length; i++)
            {
                replies[i] = aeron.addExclusivePublication(gatewayChannels.get(i), replyStreamId);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(replies);
            CloseHelper.quietClose(subscription);
            throw ex;
        }
        this.subscription = subscription;
    }

    /**
     * Start from a position kept by an earlier run of this sink (its effect log's last entry), as an exchange adapter
     * that persists its position would: the next hello is answered with it, so a restarted sink is sent only what
     * comes after. Call before the sink's agent starts.
     *
     * @param seq   of the last effect applied.
     * @param index of the last effect applied among those of its seq.
     */
    public void resumeFrom(final long seq, final int index)
    {
        resumeFrom(seq, index, 0);
    }

    /**
     * As {@link #resumeFrom(long, int)}, knowing how many effects that seq has (0 if not known), and announce the
     * position to the gateways once the agent runs.
     */
    public void resumeFrom(final long seq, final int index, final int count)
    {
        ledger.resumeFrom(seq, index, count);
        lastSeq = seq;
        lastIndex = index;
        announcing = true;
    }

    @Override
    public int doWork()
    {
        int work = subscription.poll(assembler, FRAGMENT_LIMIT);
        if (announcing)
        {
            work += announce(System.nanoTime());
        }
        return work;
    }

    /**
     * A restarted sink tells every gateway where it stands, again every interval to those not yet reached; the
     * active one resumes from it (the others let it be).
     */
    private int announce(final long nowNs)
    {
        if (nowNs - announceDueNs < 0)
        {
            return 0;
        }
        announceDueNs = nowNs + REPORT_INTERVAL_NS;
        boolean all = true;
        for (int i = 0; i < replies.length; i++)
        {
            if (!announced[i])
            {
                announced[i] = sendPosition(i + 1);
                all &= announced[i];
            }
        }
        announcing = !all;
        announcements++;
        return 1;
    }

    private boolean sendPosition(final int gatewayId)
    {
        position.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .epoch(ledger.epoch()).lastSeq(ledger.lastSeq()).lastIndex(ledger.lastIndex());
        return sealing.offer(replies[gatewayId - 1], buffer, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + position.encodedLength()) > 0;
    }

    private void onHello(final int gatewayId, final long helloEpoch)
    {
        helloes++;
        if (gatewayId < 1 || gatewayId > replies.length || !ledger.onHello(helloEpoch))
        {
            return; // a superseded gateway, or one this sink cannot answer: it learns nothing and sends nothing
        }
        epoch = helloEpoch;
        announcing = false; // a gateway is talking to this sink: it learns the position from the answer
        // an answer lost to back pressure is asked for again: the gateway repeats its hello until it hears one
        if (!sendPosition(gatewayId))
        {
            unanswered++;
        }
    }

    private void onEffect(
        final int gatewayId, final long effectEpoch, final long seq, final int index, final int count,
        final long previousSeq)
    {
        final SinkLedger.Verdict verdict = ledger.onEffect(effectEpoch, seq, index, count, previousSeq);
        epoch = ledger.epoch();
        switch (verdict)
        {
            case STALE:
                staleEffects++;
                return;

            case DUPLICATE:
                duplicates++;
                return;

            case GAP:
                onGap(gatewayId, seq, index, previousSeq);
                return;

            default:
                break;
        }
        lastSeq = seq;
        lastIndex = index;
        accepted++;
        if (null != listener)
        {
            listener.onEffect(seq, index, count, previousSeq, payload, 0, payload.capacity());
        }
    }

    private void onGap(final int gatewayId, final long seq, final int index, final long previousSeq)
    {
        gaps++;
        final long nowNs = System.nanoTime();
        if (nowNs - gapReportDueNs < 0 || gatewayId < 1 || gatewayId > replies.length)
        {
            return;
        }
        gapReportDueNs = nowNs + REPORT_INTERVAL_NS;
        LOG.warn("effects sink: gap before seq {} index {} (previousSeq {}): the sink holds seq {} index {} of {}; " +
            "not applied, position reported to gateway {} ({} gaps so far)", seq, index, previousSeq, ledger.lastSeq(),
            ledger.lastIndex(), ledger.lastCount(), gatewayId, gaps);
        if (null != listener)
        {
            listener.onGap(ledger.lastSeq(), ledger.lastIndex(), seq, index, previousSeq);
        }
        sendPosition(gatewayId);
    }

    /**
     * @return effects that did not follow the position (something before them was missing): not applied.
     */
    public long gaps()
    {
        return gaps;
    }

    /**
     * @return rounds of unsolicited announcements of the position made after a restart.
     */
    public long announcements()
    {
        return announcements;
    }

    @Override
    public String roleName()
    {
        return "hedge-effect-sink";
    }

    /**
     * @return effects applied.
     */
    public long accepted()
    {
        return accepted;
    }

    /**
     * @return effects received a second time (at or before the sink's position): a failure of exactly-once.
     */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * @return effects from a gateway of an epoch older than the one the sink follows: dropped.
     */
    public long staleEffects()
    {
        return staleEffects;
    }

    /**
     * @return seq of the last effect applied, 0 if none.
     */
    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * @return index of the last effect applied among its seq's effects, -1 if none.
     */
    public int lastIndex()
    {
        return lastIndex;
    }

    /**
     * @return the epoch the sink follows: the highest it has heard a hello (or an effect) in.
     */
    public long epoch()
    {
        return epoch;
    }

    /**
     * @return hellos received, answered or not.
     */
    public long helloes()
    {
        return helloes;
    }

    /**
     * @return answers to hellos that could not be sent (the gateway not connected, back pressure); it asks again.
     */
    public long unanswered()
    {
        return unanswered;
    }

    @Override
    public void onClose()
    {
        CloseHelper.closeAll(replies);
        CloseHelper.close(subscription);
    }
}
