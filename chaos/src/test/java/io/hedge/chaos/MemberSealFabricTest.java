package io.hedge.chaos;

import io.aeron.ExclusivePublication;
import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.Response;
import io.hedge.client.trading.TradingRequests;
import io.hedge.codecs.fabric.GatewayHeartbeatEncoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaResponseEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ReplicaStatusEncoder;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.codecs.trading.Side;
import io.hedge.gateway.GatewayAgent;
import io.hedge.gateway.GatewayContext;
import io.hedge.replicas.Replica;
import io.hedge.replicas.trading.TradingEngine;
import io.hedge.transport.MemberKeyGenerator;
import io.hedge.transport.MemberSeal;
import io.hedge.transport.SecurityCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fabric whose members hold the cluster key (member.key.file): requests are answered and the replicas agree as
 * without it, and a process that holds no key, sending straight to the replicas' sequenced stream and to the
 * gateway's inbound endpoint, steers nothing: its heartbeats of a far higher epoch, its sequenced requests, responses
 * and statuses are refused unread and counted.
 */
@Timeout(180)
class MemberSealFabricTest
{
    private static final long FORGED_EPOCH = 1_000_000L;

    private final Path keyDir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"),
        "member-key-" + System.nanoTime());

    @AfterEach
    void removeKey()
    {
        org.agrona.IoUtil.delete(keyDir.toFile(), true);
    }

    @Test
    void sealedFabricAnswersAndConvergesAndRefusesWhatAProcessWithoutTheKeySends() throws Exception
    {
        Files.createDirectories(keyDir);
        final Path keyFile = keyDir.resolve("member.key");
        MemberKeyGenerator.writeRandom(keyFile, 32);
        try (TestFabric fabric = new TestFabric("member-seal", 4096, site -> new TradingEngine(TestFabric.TRADING),
            TestFabric.SITES.length, 1, "", keyFile.toString());
            HedgeClient client = HedgeClient.connect(new HedgeClientContext()
                .aeronDirectoryName(fabric.driver.aeronDirectoryName())
                .ingressChannel(fabric.ingressChannel())
                .idleStrategySupplier(TestFabric::idle)))
        {
            for (int i = 1; i <= 20; i++)
            {
                final Response response = client.submit(TradingRequests.newOrder(i, 7, 1 + i % 2,
                    0 == i % 2 ? Side.BUY : Side.SELL, 1_000, 10)).get(10, TimeUnit.SECONDS);
                assertEquals(ResponseStatus.OK, response.status(), "order " + i);
            }
            awaitConverged(fabric);
            final GatewayAgent active = fabric.gateway.agent();
            assertSame(GatewayAgent.Role.ACTIVE, active.role());
            final long epoch = active.epoch();
            final long appliedSeq = fabric.replicas.get(0).agent().appliedSeq();
            final long stateHash = fabric.replicas.get(0).agent().stateHash();
            assertEquals(0, rejected(fabric, null), "members holding the same key refuse nothing of each other");

            final byte[] otherKey = new byte[32];
            java.util.Arrays.fill(otherKey, (byte)0x5a);
            final MemberSeal wrongSeal = new MemberSeal(otherKey);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
            try (ExclusivePublication toReplicas = fabric.aeron.addExclusivePublication(
                fabric.endpoints.get(0).sequencedPublicationChannel(), GatewayContext.DEFAULT_SEQUENCED_STREAM_ID);
                ExclusivePublication toGateway = fabric.aeron.addExclusivePublication(
                    fabric.endpoints.get(0).inboundChannel(), GatewayContext.DEFAULT_REPLICA_STREAM_ID))
            {
                TestFabric.awaitTrue("the forger reaches every replica and the gateway", 20,
                    () -> toReplicas.isConnected() && toGateway.isConnected());
                final long replicasBefore = rejectedByReplicas(fabric);
                final long gatewayBefore = rejected(fabric, "gateway 1");

                final int heartbeat = heartbeat(buffer, FORGED_EPOCH, appliedSeq);
                offer(toReplicas, buffer, heartbeat);                                   // unsealed
                offer(toReplicas, buffer, wrongSeal.seal(buffer, 0, heartbeat(buffer, 2 * FORGED_EPOCH, appliedSeq)));
                final int sequenced = sequenced(buffer, FORGED_EPOCH, appliedSeq + 1);
                offer(toReplicas, buffer, sequenced);                                   // unsealed
                offer(toReplicas, buffer, wrongSeal.seal(buffer, 0, sequenced));

                offer(toGateway, buffer, status(buffer, FORGED_EPOCH, appliedSeq));      // would depose the gateway
                offer(toGateway, buffer, response(buffer, epoch, appliedSeq + 1));
                offer(toGateway, buffer, wrongSeal.seal(buffer, 0, status(buffer, FORGED_EPOCH, appliedSeq)));

                final int replicas = fabric.replicas.size();
                TestFabric.awaitTrue("every replica refused the four forgeries", 30,
                    () -> rejectedByReplicas(fabric) - replicasBefore >= 4L * replicas);
                TestFabric.awaitTrue("the gateway refused the three forgeries", 30,
                    () -> rejected(fabric, "gateway 1") - gatewayBefore >= 3);
                Thread.sleep(1_000); // long enough for a forged heartbeat or status to have done its harm

                assertSame(GatewayAgent.Role.ACTIVE, active.role(), "the active gateway did not step down");
                assertEquals(epoch, active.epoch());
                for (final Replica replica : fabric.replicas)
                {
                    assertEquals(epoch, replica.agent().epoch(), "no replica changed epoch");
                    assertEquals(appliedSeq, replica.agent().appliedSeq(), "nothing forged was applied");
                    assertEquals(stateHash, replica.agent().stateHash());
                }
            }

            final Response after = client.submit(TradingRequests.newOrder(99, 7, 1, Side.BUY, 1_000, 10))
                .get(10, TimeUnit.SECONDS);
            assertEquals(ResponseStatus.OK, after.status(), "the fabric goes on serving");
            assertEquals(appliedSeq + 1, after.seq());
            awaitConverged(fabric);
        }
    }

    private static void awaitConverged(final TestFabric fabric)
    {
        TestFabric.awaitTrue("the replicas converge", 30, () ->
        {
            final long seq = fabric.replicas.get(0).agent().appliedSeq();
            final long hash = fabric.replicas.get(0).agent().stateHash();
            return fabric.replicas.stream().allMatch(r -> r.agent().appliedSeq() == seq &&
                r.agent().stateHash() == hash && r.agent().state() == ReplicaState.LIVE);
        });
    }

    private static long rejectedByReplicas(final TestFabric fabric)
    {
        long sum = 0;
        for (int i = 0; i < fabric.replicas.size(); i++)
        {
            sum += rejected(fabric, "replica " + (i + 1) + " (site " + TestFabric.SITES[i] + ")");
        }
        return sum;
    }

    private static long rejected(final TestFabric fabric, final String roleName)
    {
        return SecurityCounters.read(fabric.aeron.countersReader(), SecurityCounters.MEMBER_MESSAGES_REJECTED_TYPE_ID,
            roleName);
    }

    private static void offer(final ExclusivePublication publication, final UnsafeBuffer buffer, final int length)
    {
        TestFabric.awaitTrue("the forgery is offered", 10, () -> publication.offer(buffer, 0, length) > 0);
    }

    private static int heartbeat(final UnsafeBuffer buffer, final long epoch, final long lastSeq)
    {
        final GatewayHeartbeatEncoder encoder = new GatewayHeartbeatEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .gatewayId(1).epoch(epoch).lastSeq(lastSeq).timestampNs(System.nanoTime()).epochStartSeq(lastSeq)
            .commitSeq(lastSeq);
        encoder.historyCount(1).next().epoch(epoch).startSeq(lastSeq);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private static int sequenced(final UnsafeBuffer buffer, final long epoch, final long seq)
    {
        final SequencedEncoder encoder = new SequencedEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .epoch(epoch).seq(seq).timestampNs(System.nanoTime()).clientId(1).correlationId(1);
        encoder.putPayload(new byte[16], 0, 16);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private static int status(final UnsafeBuffer buffer, final long epoch, final long appliedSeq)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new ReplicaStatusEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .replicaId(1).epoch(epoch).appliedSeq(appliedSeq).journaledSeq(appliedSeq).stateHash(0)
            .state(ReplicaState.LIVE).heldSeq(0).matchedEpoch(epoch).lastEntryEpoch(epoch).encodedLength();
    }

    private static int response(final UnsafeBuffer buffer, final long epoch, final long seq)
    {
        final ReplicaResponseEncoder encoder = new ReplicaResponseEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .epoch(epoch).seq(seq).replicaId(1).stateHash(0).clientId(1).correlationId(1).outcome((short)0);
        encoder.putPayload(new byte[8], 0, 8);
        encoder.putEffects(new byte[0], 0, 0);
        encoder.putMessages(new byte[0], 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
