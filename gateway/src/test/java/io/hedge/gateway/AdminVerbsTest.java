package io.hedge.gateway;

import io.hedge.codecs.ControlEntry;
import io.hedge.codecs.fabric.EpochVoteRequestDecoder;
import io.hedge.codecs.fabric.HandoverDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.gateway.admin.AdminQueue;
import io.hedge.transport.FabricLimits;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.GatewayMember;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin verbs at the gateway agent, driven through its AdminQueue, listener methods and duty cycle on fakes and a
 * clock of the test's own (no media driver): who may take a verb, one at a time, each answered exactly once; SNAPSHOT
 * and SHUTDOWN through a control entry on the sequenced stream and the replicas' snapshot reports.
 */
class AdminVerbsTest
{
    private static final long HEARTBEAT_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(500);

    /** One answer of the gateway to a command. */
    private record Answer(AdminResult result, long seq, String detail)
    {
    }

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
    private final List<Answer> answers = new ArrayList<>();
    private final AtomicInteger stopHandlerRuns = new AtomicInteger();
    private Path base;
    private long nowNs = TimeUnit.SECONDS.toNanos(100);
    private FakeGatewayIo io;
    private GatewayAgent agent;
    private ReplicaListener fromReplicas;
    private PeerListener fromPeers;

    @BeforeEach
    void setUp(final TestInfo info)
    {
        base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("admin-verbs-" + info.getTestMethod().map(m -> m.getName()).orElse("test") + "-" +
            System.nanoTime());
        start(1);
    }

    @AfterEach
    void tearDown()
    {
        try
        {
            agent.onClose();
        }
        finally
        {
            IoUtil.delete(base.toFile(), true);
        }
    }

    @Test
    void aStandbyAnswersNotActiveNamingTheActiveGateway()
    {
        command(AdminVerb.SUSPEND);
        assertEquals(AdminResult.NOT_ACTIVE, only().result());
        assertTrue(only().detail().contains("no active gateway is known"), only().detail());
        answers.clear();

        agent.onPeerHeartbeat(3, 1, 0, 1, new long[FabricLimits.HISTORY_TAIL], new long[FabricLimits.HISTORY_TAIL], 0);
        command(AdminVerb.SNAPSHOT);
        assertEquals(AdminResult.NOT_ACTIVE, only().result());
        assertTrue(only().detail().contains("gateway 3 is active"), only().detail());
        assertFalse(agent.suspended());
    }

    @Test
    void suspendAndResumeAreAnsweredAtOnce()
    {
        lead();
        command(AdminVerb.SUSPEND);
        assertEquals(AdminResult.OK, only().result());
        assertTrue(agent.suspended());
        command(AdminVerb.SUSPEND);
        assertEquals(AdminResult.OK, answers.get(1).result());
        assertEquals("already suspended", answers.get(1).detail());
        command(AdminVerb.RESUME);
        assertEquals(AdminResult.OK, answers.get(2).result());
        assertFalse(agent.suspended());
        command(AdminVerb.STATUS);
        assertEquals(AdminResult.INVALID, answers.get(3).result(), "the ops agent's own verb");
        assertEquals(4, answers.size(), "each command answered once");
    }

    @Test
    void aSnapshotIsAControlEntryAnsweredOnceAMajorityReportsASnapshotAtItsSeq()
    {
        lead();
        io.sequenced.clear();
        command(AdminVerb.SNAPSHOT);
        assertTrue(answers.isEmpty(), "under way");
        final SequencedDecoder entry = new SequencedDecoder().wrapAndApplyHeader(
            io.sequenced.sent(SequencedDecoder.TEMPLATE_ID).get(0), 0, header);
        assertEquals(ControlEntry.CLIENT_ID, entry.clientId());
        assertEquals(ControlEntry.SNAPSHOT, entry.correlationId());
        assertEquals(0, entry.payloadLength(), "shaped as a term marker");
        final long seq = entry.seq();
        assertEquals(2, seq, "after the term's marker");

        command(AdminVerb.RESUME);
        assertEquals(AdminResult.BUSY, only().result(), "one verb at a time");
        answers.clear();

        agent.onReplicaSnapshot(1, seq);
        agent.onReplicaSnapshot(2, seq - 1);
        agent.doWork();
        assertTrue(answers.isEmpty(), "one of three is no majority");
        agent.onReplicaSnapshot(3, seq);
        agent.doWork();
        assertEquals(AdminResult.OK, only().result());
        assertEquals(seq, only().seq());
        assertTrue(only().detail().contains("on replicas 1, 3"), only().detail());
        agent.doWork();
        assertEquals(1, answers.size(), "answered once");
        assertEquals(0, stopHandlerRuns.get(), "a snapshot stops nothing");
    }

    @Test
    void aSnapshotFailsAfterTheTimeoutNamingWhoAnswered()
    {
        lead();
        command(AdminVerb.SNAPSHOT);
        agent.onReplicaSnapshot(2, 2);
        for (long waited = 0; waited <= AdminVerbs.VERB_TIMEOUT_NS; waited += HEARTBEAT_TIMEOUT_NS / 2)
        {
            nowNs += HEARTBEAT_TIMEOUT_NS / 2;
            followed();
            agent.doWork();
        }
        assertEquals(GatewayState.LEADER_ACTIVE, agent.state());
        assertEquals(AdminResult.FAILED, only().result());
        assertTrue(only().detail().contains("only replicas 2 reported a snapshot at seq 2"), only().detail());
        assertTrue(only().detail().contains("not 1, 3"), only().detail());
        command(AdminVerb.SUSPEND);
        assertEquals(AdminResult.OK, answers.get(1).result(), "the next verb is taken");
    }

    @Test
    void shutdownDrainsThenSnapshotsAndStopsEverything()
    {
        lead();
        io.sequenced.clear();
        command(AdminVerb.SHUTDOWN);
        assertTrue(agent.suspended(), "suspended at once");
        assertTrue(io.sequenced.sent(SequencedDecoder.TEMPLATE_ID).isEmpty(), "the term's marker is not committed");

        final long epoch = agent.epoch();
        agent.onReplicaStatus(1, epoch, ReplicaState.LIVE, 1, 1, epoch, 0);
        agent.onReplicaStatus(2, epoch, ReplicaState.LIVE, 1, 1, epoch, 0);
        agent.doWork();
        agent.doWork();
        final SequencedDecoder entry = new SequencedDecoder().wrapAndApplyHeader(
            io.sequenced.sent(SequencedDecoder.TEMPLATE_ID).get(0), 0, header);
        assertEquals(ControlEntry.SNAPSHOT_AND_STOP, entry.correlationId(), "drained: the stop entry goes");
        assertEquals(2, entry.seq());

        agent.onReplicaSnapshot(1, 2);
        agent.onReplicaSnapshot(2, 2);
        agent.doWork();
        assertEquals(AdminResult.OK, only().result());
        assertEquals(2, only().seq());
        assertEquals(0, stopHandlerRuns.get(), "the answer leaves first");
        nowNs += AdminVerbs.STOP_LINGER_NS;
        followed();
        agent.doWork();
        assertEquals(1, stopHandlerRuns.get());
        assertTrue(agent.stoppedByAdmin());
    }

    @Test
    void aStepDownFailsTheVerbUnderWayAndEndsTheSuspension()
    {
        lead();
        command(AdminVerb.SHUTDOWN);
        assertTrue(agent.suspended());
        agent.onPeerHeartbeat(3, agent.epoch() + 1, 0, 1, new long[FabricLimits.HISTORY_TAIL],
            new long[FabricLimits.HISTORY_TAIL], 0);
        assertEquals(GatewayState.JOINING, agent.state());
        assertEquals(AdminResult.FAILED, only().result());
        assertTrue(only().detail().contains("stepped down"), only().detail());
        assertFalse(agent.suspended(), "a gateway that becomes active starts unsuspended");
        agent.doWork();
        assertEquals(1, answers.size());
    }

    @Test
    void aSwitchoverHoldsNewRequestsDrainsHandsOverAndIsDoneOnceTheTargetLeads()
    {
        lead();
        final long epoch = agent.epoch();
        command(AdminVerb.SWITCHOVER, 2);
        assertTrue(answers.isEmpty(), "under way");
        assertEquals(GatewayState.LEADER_ACTIVE, agent.state(), "the term's marker is not yet committed");
        assertTrue(io.sequenced.sent(HandoverDecoder.TEMPLATE_ID).isEmpty());

        agent.onReplicaStatus(1, epoch, ReplicaState.LIVE, 1, 1, epoch, 0);
        agent.onReplicaStatus(2, epoch, ReplicaState.LIVE, 1, 1, epoch, 0);
        agent.doWork();
        agent.doWork();
        final HandoverDecoder handover = new HandoverDecoder().wrapAndApplyHeader(
            io.sequenced.sent(HandoverDecoder.TEMPLATE_ID).get(0), 0, header);
        assertEquals(1, handover.gatewayId());
        assertEquals(epoch, handover.epoch());
        assertEquals(2, handover.targetGatewayId());
        assertEquals(1, handover.lastSeq());
        assertEquals(1, io.peers[2].sent(HandoverDecoder.TEMPLATE_ID).size(), "and straight to the target");
        assertTrue(io.peers[3].sent(HandoverDecoder.TEMPLATE_ID).isEmpty());
        assertEquals(GatewayState.JOINING, agent.state(), "stepped down at once");
        assertEquals(1, agent.counters().stepDowns());
        assertTrue(answers.isEmpty(), "done only once the target leads");

        agent.doWork();
        assertTrue(answers.isEmpty());
        agent.onPeerHeartbeat(2, epoch + 1, 1, 2, new long[FabricLimits.HISTORY_TAIL],
            new long[FabricLimits.HISTORY_TAIL], 0);
        agent.doWork();
        assertEquals(AdminResult.OK, only().result());
        assertEquals(1, only().seq());
        assertTrue(only().detail().startsWith("gateway 2 is active"), only().detail());
        assertFalse(agent.suspended());
    }

    @Test
    void aSwitchoverToNoOtherGatewayIsInvalid()
    {
        lead();
        command(AdminVerb.SWITCHOVER, 1);
        command(AdminVerb.SWITCHOVER, 7);
        assertEquals(List.of(AdminResult.INVALID, AdminResult.INVALID), answers.stream().map(Answer::result).toList());
        assertEquals(GatewayState.LEADER_ACTIVE, agent.state());
    }

    @Test
    void theTargetOfAHandoverStandsAtOnce()
    {
        agent.onClose();
        start(2);
        agent.onPeerHeartbeat(1, 1, 0, 1, new long[FabricLimits.HISTORY_TAIL], new long[FabricLimits.HISTORY_TAIL], 0);
        agent.doWork();
        agent.onJoinAccepted(1, 2, 1, 0);
        assertEquals(GatewayState.FOLLOWING, agent.state());

        agent.onHandover(1, 1, 3, 0);
        agent.onHandover(3, 1, 2, 0);
        agent.onHandover(1, 2, 2, 0);
        assertEquals(GatewayState.FOLLOWING, agent.state(), "another target, another sender or another epoch");
        agent.onHandover(1, 1, 2, 5);
        assertEquals(GatewayState.CANDIDATE_PREVOTE, agent.state(), "no wait for the leader's silence, even when " +
            "behind: a candidacy catches up from a voter");
        agent.doWork();
        final EpochVoteRequestDecoder request = new EpochVoteRequestDecoder().wrapAndApplyHeader(
            io.sequenced.sent(EpochVoteRequestDecoder.TEMPLATE_ID).get(0), 0, header);
        assertEquals(1, request.preVote());
        assertEquals(2, request.epoch());
    }

    @Test
    void aStandbyThatJournalsTheStopEntryOfItsLeadersEpochStopsAndNeverStands()
    {
        agent.onClose();
        start(2);
        agent.onPeerHeartbeat(1, 2, 0, 1, new long[FabricLimits.HISTORY_TAIL], new long[FabricLimits.HISTORY_TAIL], 0);
        agent.doWork();
        agent.onJoinAccepted(1, 2, 2, 0);
        assertEquals(GatewayState.FOLLOWING, agent.state());

        fromPeers.onPeerSequenced(1, message, 0, sequenced(1, 1, ControlEntry.SNAPSHOT_AND_STOP), 1, 1,
            ControlEntry.CLIENT_ID, ControlEntry.SNAPSHOT_AND_STOP);
        agent.doWork();
        assertFalse(agent.stoppedByAdmin(), "a stop entry of an older epoch, met catching up, is only journaled");
        fromPeers.onPeerSequenced(1, message, 0, sequenced(2, 2, ControlEntry.SNAPSHOT_AND_STOP), 2, 2,
            ControlEntry.CLIENT_ID, ControlEntry.SNAPSHOT_AND_STOP);
        assertEquals(2, agent.lastSeq());
        agent.doWork();
        assertTrue(agent.stoppedByAdmin());
        assertEquals(1, stopHandlerRuns.get());
        nowNs += TimeUnit.SECONDS.toNanos(5);
        agent.doWork();
        agent.doWork();
        assertEquals(GatewayState.FOLLOWING, agent.state(), "the leader fell silent, but a stopped standby stands not");
        assertEquals(1, stopHandlerRuns.get());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private int sequenced(final long epoch, final long seq, final long correlationId)
    {
        final SequencedEncoder encoder = new SequencedEncoder()
            .wrapAndApplyHeader(message, 0, new MessageHeaderEncoder())
            .epoch(epoch).seq(seq).timestampNs(seq).clientId(ControlEntry.CLIENT_ID).correlationId(correlationId)
            .putPayload(new byte[0], 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void command(final AdminVerb verb, final int targetGatewayId)
    {
        assertTrue(agent.adminQueue().offer(new AdminQueue.Command(verb, targetGatewayId, 5, answers.size() + 1,
            (result, seq, detail) -> answers.add(new Answer(result, seq, detail)))));
        agent.doWork();
    }

    private void command(final AdminVerb verb)
    {
        assertTrue(agent.adminQueue().offer(new AdminQueue.Command(verb, 0, 5, answers.size() + 1,
            (result, seq, detail) -> answers.add(new Answer(result, seq, detail)))));
        agent.doWork();
    }

    private Answer only()
    {
        assertEquals(1, answers.size(), "answers: " + answers);
        return answers.get(0);
    }

    private void start(final int gatewayId)
    {
        final List<GatewayMember> peers = new ArrayList<>();
        for (int id = 1; id <= 3; id++)
        {
            if (id != gatewayId)
            {
                peers.add(GatewayEndpoints.fromBase(id, "localhost", 20_000 + 10 * id).member("localhost"));
            }
        }
        final GatewayContext ctx = new GatewayContext()
            .aeronDirectoryName("unused")
            .gatewayId(gatewayId)
            .peers(peers)
            .replicaCount(3)
            .heartbeatTimeoutNs(HEARTBEAT_TIMEOUT_NS)
            .journalDir(base.resolve("gateway-1"))
            .adminStopHandler(stopHandlerRuns::incrementAndGet)
            .conclude();
        io = new FakeGatewayIo(1, 2, 3);
        agent = new GatewayAgent(ctx, (channel, streamId) ->
        {
            throw new IllegalStateException("no client connects in this test");
        }, (clients, inbound, term, peerListener, leadershipListener) ->
        {
            io.term = term;
            fromReplicas = inbound;
            fromPeers = peerListener;
            return io;
        }, () -> nowNs, () -> nowNs);
    }

    /**
     * Stand, win the pre-vote and the vote of replicas 1 and 2 (an empty journal: nothing to fill or warm).
     */
    private void lead()
    {
        nowNs += TimeUnit.SECONDS.toNanos(1);
        agent.doWork();
        agent.doWork();
        assertEquals(GatewayState.CANDIDATE_PREVOTE, agent.state());
        vote(true);
        agent.doWork();
        agent.doWork();
        assertEquals(GatewayState.CANDIDATE_BALLOT, agent.state());
        vote(false);
        agent.doWork();
        agent.doWork();
        assertEquals(GatewayState.LEADER_ACTIVE, agent.state());
    }

    private void vote(final boolean preVote)
    {
        final EpochVoteRequestDecoder request = new EpochVoteRequestDecoder();
        final List<UnsafeBuffer> requests = io.sequenced.sent(EpochVoteRequestDecoder.TEMPLATE_ID);
        request.wrapAndApplyHeader(requests.get(requests.size() - 1), 0, header);
        for (int replicaId = 1; replicaId <= 2; replicaId++)
        {
            fromReplicas.onEpochVote(replicaId, agent.gatewayId(), request.epoch(), true, 0, 0, preVote,
                new long[FabricLimits.HISTORY_TAIL], new long[FabricLimits.HISTORY_TAIL], 0);
        }
    }

    /**
     * Replicas 1 and 2 report following the leader's epoch: its lease goes on.
     */
    private void followed()
    {
        agent.onReplicaStatus(1, agent.epoch(), ReplicaState.LIVE, 0, 0, 0, 0);
        agent.onReplicaStatus(2, agent.epoch(), ReplicaState.LIVE, 0, 0, 0, 0);
    }
}
