package io.hedge.gateway;

import io.hedge.transport.FabricLimits;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of an {@link EffectForwarder} that fetches the effects of committed seqs from a replica's effects journal
 * ({@code EffectsFetch} / {@code EffectsReplay}) when the sink is behind what the forwarder holds of the live stream.
 * One fetch at a time, of at most {@link #DEFAULT_MAX_FETCH_SEQS} seqs; what comes back is staged (bounded: when the
 * stage is full the rest of the fetch is let go, and what was staged is all it counts for) and sent on by the
 * forwarder in seq order.
 *
 * <p>What a fetch is worth: the replica's closing message names the last seq its answer covers; every seq of
 * {@code fromSeq..that} with effects came before it, in order, on the same stream. So when the close has come and the
 * stage is sent, the sink has everything up to it ({@link #takeCovered}). A replica that cannot tell the range (its
 * effects journal begins after {@code fromSeq}: it bootstrapped from a snapshot) or has not applied it yet is passed
 * over for the next. Only replicas proven to hold this term's history are asked ({@link #replicaMatched}): an
 * unrepaired replica may hold an abandoned tail.
 *
 * <p>A replica whose fetch timed out (or was abandoned by a rewind) may still be sending it: it is asked again only
 * for seqs after that fetch's range, or once its closing message has come, so that no late record of an old fetch is
 * taken for one of a new fetch.
 */
final class EffectsCatchUp
{
    /** Takes one staged seq's effects; false when it could not send them all yet (offered again). */
    @FunctionalInterface
    interface StagedConsumer
    {
        boolean onStaged(long seq, DirectBuffer buffer, int offset, int length);
    }

    /** Where the fetch under way stands. */
    enum Step
    {
        /** No fetch under way. */
        IDLE,
        /** Asked; records are staged as they come. */
        FETCHING,
        /** The closing message came: the covered seqs are the sink's once the stage is sent. */
        CLOSED,
        /** A rewind made the fetch worthless: its records are dropped, its close (or the deadline) awaited. */
        ABANDONED
    }

    static final long DEFAULT_MAX_FETCH_SEQS = 65_536;
    static final int DEFAULT_STAGE_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EffectsCatchUp.class);
    private static final int SEQ_LENGTH = Long.BYTES;

    private final int gatewayId;
    private final int replicaCount;
    private final EffectForwarder.Fetcher fetcher;
    private final long timeoutNs;
    private final long maxFetchSeqs;
    private final ExpandableRingBuffer stage;
    private final ExpandableArrayBuffer record = new ExpandableArrayBuffer(256);
    /** The last seq of an unclosed fetch to each replica, 0 when none may still be coming. */
    private final long[] unclosedTo = new long[FabricLimits.MAX_REPLICAS];
    /** The first seq each replica said it could give, 0 until it has said. */
    private final long[] firstAvailable = new long[FabricLimits.MAX_REPLICAS];
    private final ExpandableRingBuffer.MessageConsumer stagedSender = this::sendStaged;
    private StagedConsumer consumer;
    private long matched;
    private int nextReplica = 1;
    private Step step = Step.IDLE;
    private int replicaId;
    private long fromSeq;
    private long toSeq;
    private long lastStagedSeq;
    private long coveredTo;
    private boolean overflow;
    private long deadlineNs;
    private long fetches;
    private long fetchedSeqs;
    private long timeouts;
    private long strayReplays;
    private long unservedLogged;

    EffectsCatchUp(
        final int gatewayId,
        final int replicaCount,
        final EffectForwarder.Fetcher fetcher,
        final long timeoutNs,
        final long maxFetchSeqs,
        final int stageBytes)
    {
        this.gatewayId = gatewayId;
        this.replicaCount = replicaCount;
        this.fetcher = fetcher;
        this.timeoutNs = timeoutNs;
        this.maxFetchSeqs = maxFetchSeqs;
        this.stage = new ExpandableRingBuffer(Math.min(64 * 1024, stageBytes), stageBytes, false);
    }

    /**
     * This replica is known to hold this term's history (its response was the agreed one): it may be asked.
     */
    void replicaMatched(final int id)
    {
        if (id >= 1 && id <= replicaCount)
        {
            matched |= 1L << id;
        }
    }

    boolean idle()
    {
        return step == Step.IDLE;
    }

    Step step()
    {
        return step;
    }

    /**
     * Ask a replica for the effects of fromSeq..(at most) toSeq.
     *
     * @return true if a fetch went out; false when no replica may be asked now, or the stream pushed back.
     */
    boolean start(final long from, final long to, final long nowNs)
    {
        if (step != Step.IDLE || from > to)
        {
            return false;
        }
        final long end = Math.min(to, from + maxFetchSeqs - 1);
        for (int i = 0; i < replicaCount; i++)
        {
            final int candidate = 1 + (nextReplica - 1 + i) % replicaCount;
            if ((matched & (1L << candidate)) == 0 ||
                (unclosedTo[candidate] != 0 && from <= unclosedTo[candidate]) ||
                firstAvailable[candidate] > from)
            {
                continue;
            }
            // under way before it is asked: an answer may come at once
            replicaId = candidate;
            fromSeq = from;
            toSeq = end;
            lastStagedSeq = from - 1;
            overflow = false;
            deadlineNs = nowNs + timeoutNs;
            step(Step.FETCHING);
            final long wasUnclosedTo = unclosedTo[candidate];
            unclosedTo[candidate] = end;
            if (!fetcher.fetch(candidate, from, end))
            {
                unclosedTo[candidate] = wasUnclosedTo;
                step(Step.IDLE);
                return false;
            }
            fetches++;
            return true;
        }
        if (unservedLogged != from)
        {
            unservedLogged = from;
            LOG.warn("gateway {}: no replica can give the effects from seq {} now (matched mask {}); the sink waits",
                gatewayId, from, Long.toBinaryString(matched));
        }
        // a replica that could not tell an older range may have caught up: ask each again next time round
        java.util.Arrays.fill(firstAvailable, 0);
        return false;
    }

    /**
     * What a replica sends back: a seq's effects, or the closing message.
     */
    void onReplay(
        final int fromReplica,
        final long seq,
        final boolean complete,
        final long replicaFirstAvailable,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (fromReplica < 1 || fromReplica >= FabricLimits.MAX_REPLICAS)
        {
            strayReplays++;
            return;
        }
        if (complete)
        {
            // every record of this replica's last fetch has come before its close
            unclosedTo[fromReplica] = 0;
        }
        if (fromReplica != replicaId || (step != Step.FETCHING && step != Step.ABANDONED))
        {
            strayReplays++;
            return;
        }
        if (complete)
        {
            onClose(seq, replicaFirstAvailable);
            return;
        }
        if (step == Step.ABANDONED || overflow || replicaFirstAvailable > fromSeq ||
            seq <= lastStagedSeq || seq > toSeq)
        {
            strayReplays++;
            return;
        }
        record.putLong(0, seq);
        record.putBytes(SEQ_LENGTH, buffer, offset, length);
        if (!stage.append(record, 0, SEQ_LENGTH + length))
        {
            // the stage is full: what is staged counts, the rest is fetched again
            overflow = true;
            return;
        }
        lastStagedSeq = seq;
    }

    private void onClose(final long closedAt, final long replicaFirstAvailable)
    {
        if (step == Step.ABANDONED)
        {
            step(Step.IDLE);
            return;
        }
        firstAvailable[replicaId] = replicaFirstAvailable;
        if (replicaFirstAvailable > fromSeq)
        {
            LOG.info("gateway {}: replica {} holds effects from seq {} only; asking another for seq {}", gatewayId,
                replicaId, replicaFirstAvailable, fromSeq);
            coveredTo = fromSeq - 1;
            advanceReplica();
        }
        else
        {
            coveredTo = overflow ? lastStagedSeq : Math.min(closedAt, toSeq);
            if (coveredTo < fromSeq)
            {
                advanceReplica(); // behind this range: ask another next
            }
            fetchedSeqs += Math.max(0, coveredTo - fromSeq + 1);
        }
        step(Step.CLOSED);
    }

    /**
     * Drop what is staged and the fetch under way (the sink is at another position now).
     */
    void abandon()
    {
        stage.reset(stage.capacity());
        if (step == Step.FETCHING)
        {
            step(Step.ABANDONED);
        }
        else if (step == Step.CLOSED)
        {
            step(Step.IDLE);
        }
    }

    /**
     * Give up on a fetch that has not closed by its deadline; the replica is asked again only after its range.
     *
     * @return work done.
     */
    int poll(final long nowNs)
    {
        if ((step == Step.FETCHING || step == Step.ABANDONED) && nowNs - deadlineNs > 0)
        {
            timeouts++;
            LOG.warn("gateway {}: replica {} did not finish sending the effects of seqs {}..{} in time; asking " +
                "another", gatewayId, replicaId, fromSeq, toSeq);
            advanceReplica();
            if (step == Step.FETCHING && lastStagedSeq >= fromSeq)
            {
                coveredTo = lastStagedSeq; // what came, came in order from fromSeq
                step(Step.CLOSED);
            }
            else
            {
                stage.reset(stage.capacity());
                step(Step.IDLE);
            }
            return 1;
        }
        return 0;
    }

    /**
     * Send staged effects on, in seq order, until the consumer pushes back.
     *
     * @return seqs sent.
     */
    int drain(final StagedConsumer consumer, final int limit)
    {
        if (stage.isEmpty())
        {
            return 0;
        }
        this.consumer = consumer;
        final int before = stage.size();
        stage.consume(stagedSender, limit);
        return before == stage.size() ? 0 : 1;
    }

    private boolean sendStaged(
        final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        return consumer.onStaged(buffer.getLong(offset), buffer, offset + SEQ_LENGTH, length - SEQ_LENGTH);
    }

    /**
     * @return the last seq the closed fetch covers, once its staged effects have all been sent (the catch-up is then
     * idle again); -1 before.
     */
    long takeCovered()
    {
        if (step != Step.CLOSED || !stage.isEmpty())
        {
            return -1;
        }
        step(Step.IDLE);
        return coveredTo;
    }

    private void advanceReplica()
    {
        nextReplica = 1 + replicaId % replicaCount;
    }

    private void step(final Step next)
    {
        step = next;
    }

    long fetches()
    {
        return fetches;
    }

    long fetchedSeqs()
    {
        return fetchedSeqs;
    }

    long timeouts()
    {
        return timeouts;
    }

    long strayReplays()
    {
        return strayReplays;
    }

    int stagedBytes()
    {
        return stage.size();
    }
}
