package io.hedge.gateway;

import io.hedge.codecs.ops.Hop;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayHopsTest
{
    private final AtomicLong clockNs = new AtomicLong(1_000_000);
    private final GatewayHops hops = new GatewayHops();

    @Test
    void eachSeqIsTimedToItsCommitItsFirstResponseAndEachOtherReplicasMargin()
    {
        hops.beginTerm(8, 3, clockNs::get);
        hops.onSequenced(1);
        clockNs.addAndGet(100_000);
        hops.onResponse(1, 2, clockNs.get());         // first: 100 us after sequencing
        hops.onResponse(1, 2, clockNs.get() + 5_000); // a repeat of replica 2: neither first nor a margin
        hops.onResponse(1, 1, clockNs.get() + 30_000);
        clockNs.addAndGet(40_000);
        hops.onCommitted(1);                          // 140 us after sequencing
        hops.onResponse(1, 3, clockNs.get() + 60_000);
        hops.histograms().swapAll(1);

        assertEquals(1, total(Hop.SEQUENCED_TO_FIRST_RESPONSE, 0));
        assertEquals(100_000, max(Hop.SEQUENCED_TO_FIRST_RESPONSE, 0), 100);
        assertEquals(140_000, max(Hop.SEQUENCED_TO_COMMITTED, 0), 140);
        assertEquals(30_000, max(Hop.REPLICA_MARGIN, 1), 30);
        assertEquals(100_000, max(Hop.REPLICA_MARGIN, 3), 100);
        assertEquals(0, total(Hop.REPLICA_MARGIN, 2));
    }

    @Test
    void aSeqTheRingNoLongerHoldsIsNotMeasured()
    {
        hops.beginTerm(4, 3, clockNs::get);
        hops.onSequenced(1);
        hops.onSequenced(5); // same slot as seq 1
        hops.onResponse(1, 1, clockNs.get());
        hops.onCommitted(1);
        assertEquals(0, hops.sequencedNs(1));
        assertEquals(clockNs.get(), hops.sequencedNs(5));
        hops.histograms().swapAll(1);
        assertEquals(0, total(Hop.SEQUENCED_TO_FIRST_RESPONSE, 0));
        assertEquals(0, total(Hop.SEQUENCED_TO_COMMITTED, 0));
    }

    @Test
    void nothingIsMeasuredBeforeTheFirstTerm()
    {
        hops.onSequenced(1);
        hops.onResponse(1, 1, 5);
        hops.onCommitted(1);
        assertEquals(0, hops.sequencedNs(1));
    }

    private long total(final Hop hop, final int subject)
    {
        final Histogram interval = hops.histograms().lastInterval(hop, subject);
        return null == interval ? 0 : interval.getTotalCount();
    }

    private long max(final Hop hop, final int subject)
    {
        return hops.histograms().lastInterval(hop, subject).getMaxValue();
    }
}
