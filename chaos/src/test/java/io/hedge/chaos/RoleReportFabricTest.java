package io.hedge.chaos;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.FragmentAssembler;
import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.trading.TradingRequests;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.ops.Hop;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.RoleKind;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.codecs.trading.Side;
import io.hedge.ops.CounterType;
import io.hedge.transport.OpsChannel;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, items 1-3: over real Aeron, every role's RoleReport reaches a plain subscription to the gateway's ops
 * channel (stream 41), with counters that agree with the requests sent, hop histograms whose samples add up to them,
 * and the same counters readable from the media driver as AeronStat reads them.
 */
class RoleReportFabricTest
{
    private static final int REQUESTS = 200;

    /** What the reports of one role said, added up over the intervals received. */
    private static final class Heard
    {
        final Map<String, Long> lastCounters = new HashMap<>();
        final Map<String, Long> samples = new HashMap<>();
        int reports;
        int stateCode;
        long epoch;
        long seq;
        long freeDisk;
    }

    private final Map<String, Heard> heard = new HashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RoleReportDecoder decoder = new RoleReportDecoder();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyRoleReportsCountersAndHopHistogramsThatAgreeWithTheRequestsSent() throws Exception
    {
        try (TestFabric fabric = new TestFabric("role-reports");
            Subscription reports = fabric.aeron.addSubscription(
                OpsChannel.channel(fabric.endpoints.get(0)), OpsChannel.METRICS_STREAM_ID))
        {
            final FragmentHandler handler = new FragmentAssembler(this::onReport);
            // the gateway and three replicas each publish to it: every interval from here on arrives
            TestFabric.awaitTrue("every role's report stream is connected", 30, () -> reports.imageCount() == 4);
            TestFabric.awaitTrue("a first report of every role", 30, () ->
            {
                reports.poll(handler, 100);
                return heard.size() == 4;
            });
            heard.values().forEach(h -> h.samples.clear());

            final Histogram clientRoundTrips;
            try (HedgeClient client = HedgeClient.connect(new HedgeClientContext()
                .aeronDirectoryName(fabric.driver.aeronDirectoryName())
                .ingressChannel(fabric.ingressChannel())
                .idleStrategySupplier(TestFabric::idle)))
            {
                client.roundTripInterval(null); // what connecting cost, if anything: not part of the count below
                for (int i = 1; i <= REQUESTS; i++)
                {
                    assertEquals(ResponseStatus.OK, client.submit(TradingRequests.newOrder(i, 7, 1, Side.BUY, 1_000, 10))
                        .get(20, TimeUnit.SECONDS).status());
                }
                clientRoundTrips = client.roundTripInterval(null);
            }
            assertEquals(REQUESTS, clientRoundTrips.getTotalCount(), "the SDK's round-trip interval holds every request");

            final String gateway = key(RoleKind.GATEWAY, 1);
            TestFabric.awaitTrue("reports that count every request and every response", 30, () ->
            {
                reports.poll(handler, 100);
                final Heard g = heard.get(gateway);
                return g.lastCounters.getOrDefault(counter(CounterType.ANSWERED, 0), 0L) >= REQUESTS &&
                    g.samples.getOrDefault(hop(Hop.SEQUENCED_TO_COMMITTED, 0), 0L) >= REQUESTS &&
                    g.samples.getOrDefault(hop(Hop.SEQUENCED_TO_FIRST_RESPONSE, 0), 0L) >= REQUESTS &&
                    marginSamples(g) >= 2L * REQUESTS &&
                    replicasApplied(REQUESTS);
            });

            final Heard g = heard.get(gateway);
            assertEquals(REQUESTS, g.lastCounters.get(counter(CounterType.SEQUENCED, 0)));
            assertEquals(REQUESTS, g.lastCounters.get(counter(CounterType.ANSWERED, 0)));
            assertEquals(0, g.lastCounters.get(counter(CounterType.DUPLICATES, 0)));
            assertEquals(2, g.stateCode, "ACTIVE");
            assertTrue(g.epoch >= 1);
            assertTrue(g.freeDisk > 0, "the free disk of its journal's file system");
            // each request had one first response and two later ones: the margins of the other two replicas
            assertEquals(REQUESTS, g.samples.get(hop(Hop.SEQUENCED_TO_COMMITTED, 0)));
            assertEquals(REQUESTS, g.samples.get(hop(Hop.SEQUENCED_TO_FIRST_RESPONSE, 0)));
            assertEquals(2L * REQUESTS, marginSamples(g));
            long wins = 0;
            for (int id = 1; id <= 3; id++)
            {
                wins += g.lastCounters.getOrDefault(counter(CounterType.WINS, id), 0L);
                assertEquals(0, g.lastCounters.get(counter(CounterType.DIVERGENCES, id)));
                assertTrue(g.lastCounters.get(counter(CounterType.REPLICA_STATUS_AGE_MS, id)) >= 0,
                    "replica " + id + " was heard");
            }
            assertTrue(wins >= REQUESTS, "every request was won by some replica: " + wins);

            for (int id = 1; id <= 3; id++)
            {
                final Heard r = heard.get(key(RoleKind.REPLICA, id));
                assertEquals(REQUESTS, r.lastCounters.get(counter(CounterType.APPLIED, 0)), "replica " + id);
                assertEquals(ReplicaState.LIVE.value(), r.lastCounters.get(counter(CounterType.REPLICA_STATE, 0)));
                assertEquals(ReplicaState.LIVE.value(), r.stateCode);
                assertEquals(REQUESTS, r.samples.get(hop(Hop.APPLY, 0)), "replica " + id);
                assertTrue(r.samples.get(hop(Hop.JOURNAL_APPEND, 0)) >= REQUESTS, "replica " + id);
                assertEquals(fabric.gateway.agent().lastSeq(), r.seq, "replica " + id + " applied every seq");
            }

            // AeronStat reads the same counters from the driver's counters file, by type id and label
            final Map<String, Long> driverCounters = new HashMap<>();
            fabric.aeron.countersReader().forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (typeId >= 7710 && typeId <= 7799)
                {
                    driverCounters.put(label, fabric.aeron.countersReader().getCounterValue(counterId));
                }
            });
            assertEquals(REQUESTS, driverCounters.get("hedge gateway 1: sequenced"), driverCounters.toString());
            assertEquals(REQUESTS, driverCounters.get("hedge replica 2 (site B): applied"), driverCounters.toString());
        }
    }

    private boolean replicasApplied(final long requests)
    {
        for (int id = 1; id <= 3; id++)
        {
            final Heard r = heard.get(key(RoleKind.REPLICA, id));
            if (null == r || r.lastCounters.getOrDefault(counter(CounterType.APPLIED, 0), 0L) < requests ||
                r.samples.getOrDefault(hop(Hop.APPLY, 0), 0L) < requests)
            {
                return false;
            }
        }
        return true;
    }

    private static long marginSamples(final Heard gateway)
    {
        long total = 0;
        for (int id = 1; id <= 3; id++)
        {
            total += gateway.samples.getOrDefault(hop(Hop.REPLICA_MARGIN, id), 0L);
        }
        return total;
    }

    private void onReport(final org.agrona.DirectBuffer buffer, final int offset, final int length,
        final io.aeron.logbuffer.Header frame)
    {
        header.wrap(buffer, offset);
        assertEquals(RoleReportDecoder.SCHEMA_ID, header.schemaId());
        assertEquals(RoleReportDecoder.TEMPLATE_ID, header.templateId());
        decoder.wrapAndApplyHeader(buffer, offset, header);
        final Heard h = heard.computeIfAbsent(key(decoder.roleKind(), decoder.roleId()), k -> new Heard());
        h.reports++;
        h.epoch = decoder.epoch();
        h.stateCode = decoder.stateCode();
        h.seq = decoder.seq();
        h.freeDisk = decoder.freeDiskBytes();
        for (final RoleReportDecoder.CountersDecoder c : decoder.counters())
        {
            h.lastCounters.put(counter(CounterType.ofTypeId(c.typeId()), c.subjectId()), c.value());
        }
        for (final RoleReportDecoder.HistogramsDecoder histogram : decoder.histograms())
        {
            final String hop = hop(histogram.hop(), histogram.subjectId());
            final long samples = histogram.samples();
            final long p99 = histogram.p99Ns();
            final byte[] bytes = new byte[histogram.encodedHistogramLength()];
            histogram.getEncodedHistogram(bytes, 0, bytes.length);
            final Histogram decoded;
            try
            {
                decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            }
            catch (final java.util.zip.DataFormatException ex)
            {
                throw new AssertionError(ex);
            }
            assertEquals(samples, decoded.getTotalCount(), hop);
            assertEquals(decoded.getValueAtPercentile(99), p99, hop);
            assertTrue(p99 > 0, hop);
            h.samples.merge(hop, samples, Long::sum);
        }
    }

    private static String key(final RoleKind kind, final int id)
    {
        return kind + "-" + id;
    }

    private static String counter(final CounterType type, final int subject)
    {
        return type + "/" + subject;
    }

    private static String hop(final Hop hop, final int subject)
    {
        return hop + "/" + subject;
    }
}
