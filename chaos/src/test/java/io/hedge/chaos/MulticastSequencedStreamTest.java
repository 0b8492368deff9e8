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
 * is answered once, the replicas converge, the standby follows, and the active gateway's driver sends one copy of the
 * stream where multi-destination-cast sends one per replica and one more to the standby (the control run beside it).
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
     * Start the fabric with the transport, send the requests, check the answers and the replicas, and count what the
     * active gateway's driver sent of the sequenced stream meanwhile.
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
            TestFabric.awaitTrue("a gateway was elected", 30, () -> null != fabric.activeGateway());
            final Gateway active = fabric.activeGateway();
            final Gateway standby = fabric.gateways[active == fabric.gateways[0] ? 1 : 0];
            final GatewayEndpoints endpoints = fabric.endpoints.get(active.agent().gatewayId() - 1);
            final String sequencedChannel = endpoints.sequencedPublicationChannel();
            final String standbyChannel = StandbyChannel.of(sequencedChannel);
            assertEquals(transport.isMulticast(), sequencedChannel.contains(GROUP), sequencedChannel);

            final SendCounts.Channel toReplicas = counts.channel(sequencedChannel);
            final SendCounts.Channel toStandbys = null == standbyChannel ? null : counts.channel(standbyChannel);
            final long bytesBefore = toReplicas.bytes.get() + (null == toStandbys ? 0 : toStandbys.bytes.get());
            final long datagramsBefore = toReplicas.datagrams.get() +
                (null == toStandbys ? 0 : toStandbys.datagrams.get());
            final long positionBefore = senderPosition(fabric.aeron, sequencedChannel);
            final long epochBefore = active.agent().epoch();
            // on a loaded machine the gateways may have traded terms while starting, each adding its first entry
            TestFabric.awaitTrue("the replicas applied the term's first entry", 30, () -> active.agent().lastSeq() > 0 &&
                fabric.replicas.stream().allMatch(r -> r.agent().appliedSeq() == active.agent().lastSeq()));
            final long seqBefore = active.agent().lastSeq();

            driver.send(new TradingWorkload(17, TestFabric.TRADING, 80, 15, 5), REQUESTS, 32, 0, n -> { });

            assertEquals(REQUESTS, driver.answered, "answers");
            assertEquals(0, driver.duplicateAnswers, "requests answered twice");
            assertEquals(0, driver.notOk, "answers not OK");
            assertEquals(0, driver.timedOut, "requests timed out");
            assertEquals(epochBefore, active.agent().epoch(), "no failover during the run");
            final long lastSeq = active.agent().lastSeq();
            assertEquals(seqBefore + REQUESTS, lastSeq, "each request sequenced once");
            for (final Replica replica : fabric.replicas)
            {
                TestFabric.awaitTrue("site " + replica.agent().site() + " applied seq " + lastSeq, 30,
                    () -> replica.agent().appliedSeq() == lastSeq);
                assertEquals(fabric.replicas.get(0).agent().stateHash(), replica.agent().stateHash(),
                    "state hash of site " + replica.agent().site());
            }
            assertNotEquals(0, fabric.replicas.get(0).agent().stateHash());
            TestFabric.awaitTrue("the standby followed to seq " + lastSeq, 30,
                () -> standby.agent().lastSeq() == lastSeq);
            assertEquals(GatewayAgent.Role.STANDBY, standby.agent().role());

            final long streamBytes = senderPosition(fabric.aeron, sequencedChannel) - positionBefore;
            final long bytesSent = toReplicas.bytes.get() + (null == toStandbys ? 0 : toStandbys.bytes.get()) -
                bytesBefore;
            final long datagrams = toReplicas.datagrams.get() + (null == toStandbys ? 0 : toStandbys.datagrams.get()) -
                datagramsBefore;
            final Copies copies = new Copies(endpoints.sequencedPort(), standbyChannel,
                Set.copyOf(toReplicas.destinations), streamBytes, bytesSent, datagrams);
            System.out.println("MulticastSequencedStreamTest " + name + ": " + copies);
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
     * What the active gateway's driver sent of its sequenced stream during the requests.
     *
     * @param streamBytes the stream's own bytes (its sender position moved by this much).
     * @param bytesSent   the bytes its datagrams carried, every destination counted.
     */
    private record Copies(
        int port, String standbyChannel, Set<String> destinations, long streamBytes, long bytesSent, long datagrams)
    {
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
