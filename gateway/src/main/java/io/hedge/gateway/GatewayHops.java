package io.hedge.gateway;

import io.hedge.codecs.ops.Hop;
import io.hedge.ops.HopRecorder;
import io.hedge.ops.RoleHistograms;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The active gateway's latencies per seq: sequenced to committed (by the durability rule), sequenced to the first
 * replica response, and each replica's margin behind that first response. A ring, as large as the collector's, keeps
 * each sequenced seq's times; a response or commit of a seq no longer in it (or sequenced in an earlier term) is not
 * measured. On the agent thread; per event one clock read (a response reuses the one its lease already took) and one
 * {@link HopRecorder#record}: nothing allocates, locks or logs.
 */
final class GatewayHops
{
    private final RoleHistograms histograms = new RoleHistograms();
    private final HopRecorder committed = histograms.add(Hop.SEQUENCED_TO_COMMITTED, 0);
    private final HopRecorder firstResponse = histograms.add(Hop.SEQUENCED_TO_FIRST_RESPONSE, 0);
    private HopRecorder[] margins = new HopRecorder[1];
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private int mask = -1;
    private long[] seqs;
    private long[] sequencedNs;
    private long[] firstResponseNs;
    /** A bit per replica that responded to the slot's seq: a repeat is not a margin. */
    private long[] responded;

    /**
     * A term begins: the ring is made the first time (and again only if the collector's capacity changed), the margin
     * recorders of the configured replicas exist from here on.
     */
    void beginTerm(final int capacity, final int replicaCount, final NanoClock clock)
    {
        nanoClock = clock;
        if (mask != capacity - 1)
        {
            mask = capacity - 1;
            seqs = new long[capacity];
            sequencedNs = new long[capacity];
            firstResponseNs = new long[capacity];
            responded = new long[capacity];
        }
        else
        {
            java.util.Arrays.fill(seqs, 0);
        }
        if (margins.length < replicaCount + 1)
        {
            final HopRecorder[] grown = new HopRecorder[replicaCount + 1];
            for (int id = 1; id <= replicaCount; id++)
            {
                grown[id] = histograms.add(Hop.REPLICA_MARGIN, id);
            }
            margins = grown;
        }
    }

    void onSequenced(final long seq)
    {
        if (mask < 0)
        {
            return;
        }
        final int slot = (int)seq & mask;
        seqs[slot] = seq;
        sequencedNs[slot] = nanoClock.nanoTime();
        firstResponseNs[slot] = 0;
        responded[slot] = 0;
    }

    /**
     * @param nowNs when the response arrived.
     */
    void onResponse(final long seq, final int replicaId, final long nowNs)
    {
        if (mask < 0 || replicaId < 1 || replicaId >= margins.length)
        {
            return;
        }
        final int slot = (int)seq & mask;
        final long bit = 1L << replicaId;
        if (seqs[slot] != seq || (responded[slot] & bit) != 0)
        {
            return;
        }
        responded[slot] |= bit;
        if (0 == firstResponseNs[slot])
        {
            firstResponseNs[slot] = nowNs;
            firstResponse.record(nowNs - sequencedNs[slot]);
        }
        else
        {
            margins[replicaId].record(nowNs - firstResponseNs[slot]);
        }
    }

    void onCommitted(final long seq)
    {
        if (mask < 0)
        {
            return;
        }
        final int slot = (int)seq & mask;
        if (seqs[slot] == seq)
        {
            committed.record(nanoClock.nanoTime() - sequencedNs[slot]);
        }
    }

    /**
     * @return when this seq was sequenced, or 0 when the ring no longer (or never) held it.
     */
    long sequencedNs(final long seq)
    {
        if (mask < 0)
        {
            return 0;
        }
        final int slot = (int)seq & mask;
        return seqs[slot] == seq ? sequencedNs[slot] : 0;
    }

    RoleHistograms histograms()
    {
        return histograms;
    }
}
