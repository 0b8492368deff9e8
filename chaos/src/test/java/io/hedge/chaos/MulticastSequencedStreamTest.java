package io.hedge.chaos;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.status.SenderPos;
import io.hedge.gateway.Gateway;
import io.hedge.gateway.GatewayAgent;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.replicas.trading.TradingWorkload;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.SequencedTransport;
import io.hedge.transport.StandbyChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sequenced stream as an Aeron multicast stream (sequenced.transport=multicast) on loopback: two gateways (one
 * active, one standby) and three replicas, each replica on a media driver of its own as in a deployment. Every request
 * is answered once, the replicas converge, the standby follows, and the gateways' driver sends one copy of the stream
 * where multi-destination-cast sends one per replica and one more to the standby (the control run beside it).
 * The copies are counted by the driver's send hook ({@link SendCounts}): Aeron's "Bytes sent" counter counts a
 * multi-destination-cast datagram once, whatever the number of its destinations.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MulticastSequencedStreamTest
{
    private static final int REQUESTS = 2_000;
    private static final String GROUP = "239.255.77.3";

    @Test
    void multicastSendsOneCopyOfEachMessageToThreeReplicasAndAStandby()
    {
        if (!LoopbackMulticast.works())
        {
            System.out.println("MulticastSequencedStreamTest skipped: " + LoopbackMulticast.reason());
        }
        assumeTrue(LoopbackMulticast.works(), () -> "multicast on loopback: " + LoopbackMulticast.reason());

        final Copies copies = run("multicast", SequencedTransport.multicast(GROUP));

        assertTrue(copies.perMessage() < 1.2, "copies of the stream sent: " + copies);
        assertEquals(Set.of("/" + GROUP + ":" + copies.port), copies.destinations,
            "every datagram of the stream went to the group, none to a subscriber");
        assertNull(copies.standbyChannel, "standbys join the group: no channel of their own");
    }

    @Test
    void multiDestinationCastSendsOneCopyPerReplicaAndOneToTheStandby()
    {
        final Copies copies = run("mdc", SequencedTransport.MDC);

        assertTrue(copies.perMessage() > 3.8 && copies.perMessage() < 4.5, "copies of the stream sent: " + copies);
        assertEquals(3, copies.destinations.size(), "one destination per replica: " + copies.destinations);
        assertNotNull(copies.standbyChannel, "standbys have a channel of their own");
    }

    /**
     * Start the fabric with the transport, send the requests, check the answers, the replicas and the standby, and
     * count what the gateways' driver sent of their sequenced streams meanwhile. On a loaded machine a lease may lapse
     * and the other gateway take over during the run: the counts cover both gateways' streams, and the requests are
     * checked in the journals, where each term adds an entry of its own.
     */
    private static Copies run(final String name, final SequencedTransport transport)
    {
        final SendCounts counts = new SendCounts();
        try (TestFabric fabric = new TestFabric("mcast-" + name, 4096, site -> new TradingEngine(TestFabric.TRADING),
            0, 2, "", null, "", null, transport, counts::install);
            RequestDriver driver = new RequestDriver(fabric))
        {
            for (final String site : TestFabric.SITES)
            {
                fabric.startReplica(site, ownDriver(fabric, site));
            }
            TestFabric.awaitTrue("every replica is live", 30, () -> fabric.replicas.stream()
                .allMatch(r -> r.agent().state() == io.hedge.codecs.fabric.ReplicaState.LIVE));
            TestFabric.awaitTrue("a gateway was elected and the replicas applied its term's first entry", 30, () ->
            {
                final Gateway active = fabric.activeGateway();
                return null != active && active.agent().lastSeq() > 0 &&
                    fabric.replicas.stream().allMatch(r -> r.agent().appliedSeq() == active.agent().lastSeq());
            });
            final GatewayEndpoints first = fabric.endpoints.get(fabric.activeGateway().agent().gatewayId() - 1);
            assertEquals(transport.isMulticast(), first.sequencedPublicationChannel().contains(GROUP),
                first.sequencedPublicationChannel());
            final Copies before = Copies.of(fabric, counts);

            driver.send(new TradingWorkload(17, TestFabric.TRADING, 80, 15, 5), REQUESTS, 32, 0, n -> { });

            assertEquals(REQUESTS, driver.answered, "answers");
            assertEquals(0, driver.duplicateAnswers, "requests answered twice");
            assertEquals(0, driver.notOk, "answers not OK");
            assertEquals(0, driver.timedOut, "requests timed out");
            TestFabric.awaitTrue("every replica and the standby applied the active gateway's last seq", 30, () ->
            {
                final Gateway active = fabric.activeGateway();
                final Gateway standby = fabric.gateways[active == fabric.gateways[0] ? 1 : 0];
                final long lastSeq = null == active ? -1 : active.agent().lastSeq();
                return lastSeq > REQUESTS && standby.agent().lastSeq() == lastSeq &&
                    standby.agent().role() == GatewayAgent.Role.STANDBY &&
                    fabric.replicas.stream().allMatch(r -> r.agent().appliedSeq() == lastSeq);
            });
            final long hash = fabric.replicas.get(0).agent().stateHash();
            assertNotEquals(0, hash);
            for (final Replica replica : fabric.replicas)
            {
                assertEquals(hash, replica.agent().stateHash(), "state hash of site " + replica.agent().site());
            }
            final Copies copies = Copies.of(fabric, counts).since(before, first, counts);
            System.out.println("MulticastSequencedStreamTest " + name + ": " + copies);
            for (final Replica replica : fabric.replicas)
            {
                replica.close();
            }
            for (final String site : TestFabric.SITES)
            {
                JournalChecks.assertEachRequestOnce(fabric.journalDir(site), REQUESTS);
            }
            return copies;
        }
    }

    /** A media driver and client of the replica's own, closed with the fabric (after the replica). */
    private static Aeron ownDriver(final TestFabric fabric, final String site)
    {
        final MediaDriver driver = fabric.closeWithFabric(MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(fabric.dir.resolve("aeron-" + site).toAbsolutePath().toString())
            .threadingMode(ThreadingMode.SHARED)
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)));
        return fabric.closeWithFabric(Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())));
    }

    /** The sender position of the publication on this channel: the bytes of the stream, framed, sent once. */
    private static long senderPosition(final Aeron aeron, final String channel)
    {
        final long[] position = {-1};
        aeron.countersReader().forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (SenderPos.SENDER_POSITION_TYPE_ID == typeId && label.endsWith(" " + channel))
            {
                position[0] = aeron.countersReader().getCounterValue(counterId);
            }
        });
        assertTrue(position[0] >= 0, "no sender position for " + channel);
        return position[0];
    }

    /**
     * What the gateways' driver sent of their sequenced streams: to the replicas and, with multi-destination-cast, to
     * the standbys on their channel of their own.
     *
     * @param destinations where the first active gateway's sequenced channel sent to.
     * @param streamBytes   the streams' own bytes (their sender positions moved by this much).
     * @param bytesSent     the bytes their datagrams carried, every destination counted.
     */
    private record Copies(
        int port, String standbyChannel, Set<String> destinations, long streamBytes, long bytesSent, long datagrams)
    {
        static Copies of(final TestFabric fabric, final SendCounts counts)
        {
            long position = 0;
            long bytes = 0;
            long datagrams = 0;
            for (final GatewayEndpoints gateway : fabric.endpoints)
            {
                final String sequenced = gateway.sequencedPublicationChannel();
                position += senderPosition(fabric.aeron, sequenced);
                for (final String channel : new String[]{sequenced, StandbyChannel.of(sequenced)})
                {
                    if (null != channel)
                    {
                        bytes += counts.channel(channel).bytes.get();
                        datagrams += counts.channel(channel).datagrams.get();
                    }
                }
            }
            return new Copies(0, null, Set.of(), position, bytes, datagrams);
        }

        /**
         * @param first the gateway that was active at the start, whose destinations are kept.
         */
        Copies since(final Copies before, final GatewayEndpoints first, final SendCounts counts)
        {
            final String sequenced = first.sequencedPublicationChannel();
            return new Copies(first.sequencedPort(), StandbyChannel.of(sequenced),
                Set.copyOf(counts.channel(sequenced).destinations), streamBytes - before.streamBytes,
                bytesSent - before.bytesSent, datagrams - before.datagrams);
        }

        double perMessage()
        {
            return (double)bytesSent / streamBytes;
        }

        @Override
        public String toString()
        {
            return String.format("%.2f copies (%d bytes sent for %d bytes of stream, %d datagrams for %d requests, " +
                "destinations %s)", perMessage(), bytesSent, streamBytes, datagrams, REQUESTS, destinations);
        }
    }
}
