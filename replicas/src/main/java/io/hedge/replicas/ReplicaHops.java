package io.hedge.replicas;

import io.hedge.codecs.ops.Hop;
import io.hedge.ops.HopRecorder;
import io.hedge.ops.RoleHistograms;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * A replica's latencies: appending one sequenced message to its journal, and applying one request (state machine,
 * state hash, response). Each is a clock read and a {@link HopRecorder#record}: nothing allocates, locks or logs.
 */
final class ReplicaHops
{
    private final RoleHistograms histograms = new RoleHistograms();
    private final HopRecorder journalAppend = histograms.add(Hop.JOURNAL_APPEND, 0);
    private final HopRecorder apply = histograms.add(Hop.APPLY, 0);
    private final NanoClock nanoClock;

    ReplicaHops()
    {
        this(SystemNanoClock.INSTANCE);
    }

    ReplicaHops(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
    }

    long nowNs()
    {
        return nanoClock.nanoTime();
    }

    /**
     * @return the time now, the append's end and the apply's start.
     */
    long appended(final long startNs)
    {
        final long nowNs = nanoClock.nanoTime();
        journalAppend.record(nowNs - startNs);
        return nowNs;
    }

    void applied(final long startNs)
    {
        apply.record(nanoClock.nanoTime() - startNs);
    }

    RoleHistograms histograms()
    {
        return histograms;
    }
}
