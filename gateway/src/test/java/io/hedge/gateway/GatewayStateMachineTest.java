package io.hedge.gateway;

import io.hedge.codecs.fabric.EpochVoteRequestDecoder;
import io.hedge.codecs.fabric.GatewayHeartbeatDecoder;
import io.hedge.codecs.fabric.JoinAcceptedDecoder;
import io.hedge.codecs.fabric.JoinRequestDecoder;
import io.hedge.codecs.fabric.JournalFetchDecoder;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.MessageHeaderEncoder;
import io.hedge.codecs.fabric.RepairOrderDecoder;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.codecs.fabric.ResponseFetchDecoder;
import io.hedge.codecs.fabric.RetransmitRequestDecoder;
import io.hedge.codecs.fabric.SequencedEncoder;
import io.hedge.sequencer.GatewayJournal;
import io.hedge.transport.FabricLimits;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.GatewayMember;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's state machine, driven through its listener methods and duty cycle on fakes and a clock of the test's
 * own, in the manner of Aeron's ElectionTest: each transition of a standby, a candidacy and a term of leadership,
 * and what the gateway sends on each. No media driver.
 */
class GatewayStateMachineTest
{
    private static final long HEARTBEAT_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long STAGGER_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long ELECTION_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long FILL_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long WARM_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[256]);
    private final List<GatewayAgent> agents = new ArrayList<>();
    private Path base;
    private long nowNs = TimeUnit.SECONDS.toNanos(100);
    private FakeGatewayIo io;
    private GatewayAgent agent;
    /** The listeners the agent gave its adapters for what feeds a phase (its {@link PhaseRouter}). */
    private PeerListener fromPeers;
    private ReplicaListener fromReplicas;

    @BeforeEach
    void setUp(final TestInfo info)
    {
        final String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        base = Paths.get(System.getProperty("hedge.test.dir", "target/test-work"))
            .resolve("gateway-states-" + name + "-" + System.nanoTime());
    }

    @AfterEach
    void tearDown()
    {
        try
        {
            for (final GatewayAgent a : agents)
            {
                a.onClose();
            }
        }
        finally
        {
            IoUtil.delete(base.toFile(), true);
        }
    }

    // ------------------------------------------------------------------------------------------------ standby

    @Test
    void aStandbyJoinsTheLeaderItHearsThenFollowsItsStream()
    {
        start(2);
        assertState(GatewayState.JOINING);
        agent.doWork();
        assertTrue(io.peers[1].sent(JoinRequestDecoder.TEMPLATE_ID).isEmpty(), "no leader known: nobody to join");

        agent.onPeerHeartbeat(1, 1, 0, 1);
        agent.doWork();
        final List<UnsafeBuffer> joins = io.peers[1].sent(JoinRequestDecoder.TEMPLATE_ID);
        assertEquals(1, joins.size(), "a join request to the leader heard");
        final JoinRequestDecoder join = new JoinRequestDecoder().wrapAndApplyHeader(joins.get(0), 0, header);
        assertEquals(2, join.gatewayId());
        assertEquals(0, join.lastSeq());

        agent.onJoinAccepted(1, 3, 1, 0);
        assertState(GatewayState.JOINING, "an answer to another standby");
        agent.onJoinAccepted(1, 2, 1, 0);
        assertState(GatewayState.FOLLOWING);

        fromPeers.onPeerSequenced(1, message, 0, sequenced(1, 1, 7, 1), 1, 1, 7, 1);
        fromPeers.onPeerSequenced(1, message, 0, sequenced(1, 2, 7, 2), 1, 2, 7, 2);
        fromPeers.onPeerSequenced(3, message, 0, sequenced(1, 3, 7, 3), 1, 3, 7, 3);
        assertEquals(2, agent.lastSeq(), "the leader's stream is journaled, another gateway's is not");
    }

    @Test
    void aStalledFollowerAsksTheLeaderForTheGap()
    {
        start(2);
        join(1, 1, 0);
        fromPeers.onPeerSequenced(1, message, 0, sequenced(1, 1, 7, 1), 1, 1, 7, 1);
        fromPeers.onPeerSequenced(1, message, 0, sequenced(1, 3, 7, 3), 1, 3, 7, 3);
        assertEquals(1, agent.lastSeq(), "a gap is never skipped");

        agent.onPeerHeartbeat(1, 1, 5, 1);
        agent.doWork();
        assertTrue(io.peers[1].sent(RetransmitRequestDecoder.TEMPLATE_ID).isEmpty(), "the first look sets the mark");
        advance(Follower.FOLLOW_RETRANSMIT_NS + 1);
        agent.onPeerHeartbeat(1, 1, 5, 1);
        agent.doWork();
        final List<UnsafeBuffer> requests = io.peers[1].sent(RetransmitRequestDecoder.TEMPLATE_ID);
        assertEquals(1, requests.size(), "no progress since: the gap is asked for");
        final RetransmitRequestDecoder request = new RetransmitRequestDecoder().wrapAndApplyHeader(
            requests.get(0), 0, header);
        assertEquals(FabricLimits.STANDBY_REQUESTER_BASE + 2, request.replicaId());
        assertEquals(2, request.fromSeq());
        assertEquals(5, request.toSeq());
        assertState(GatewayState.FOLLOWING);
    }

    @Test
    void joinAcceptedCutsTheTailTheLeadersEpochNeverAdopted() throws IOException
    {
        final Path journalDir = base.resolve("gateway-2");
        try (GatewayJournal journal = GatewayJournal.open(journalDir, 64, "test"))
        {
            for (long seq = 1; seq <= 4; seq++)
            {
                final long epoch = seq <= 2 ? 1 : 2;
                journal.append(message, 0, sequenced(epoch, seq, 7, seq), epoch, seq, 7, seq);
            }
        }
        start(2);
        agent.onPeerHeartbeat(1, 3, 2, 3);
        agent.doWork();
        final JoinRequestDecoder join = new JoinRequestDecoder().wrapAndApplyHeader(
            io.peers[1].sent(JoinRequestDecoder.TEMPLATE_ID).get(0), 0, header);
        assertEquals(4, join.lastSeq());
        assertEquals(2, join.lastEpoch());

        agent.onJoinAccepted(1, 2, 3, 2);
        assertState(GatewayState.FOLLOWING);
        assertEquals(2, agent.lastSeq(), "seqs 3..4 of epoch 2 were never adopted");
        try (Stream<Path> siblings = Files.list(base))
        {
            assertTrue(siblings.anyMatch(p -> p.getFileName().toString().startsWith("gateway-2.abandoned-epoch-3")),
                "the old journal is kept aside");
        }
        fromPeers.onPeerSequenced(1, message, 0, sequenced(3, 3, 8, 1), 3, 3, 8, 1);
        assertEquals(3, agent.lastSeq(), "following goes on from the cut");
    }

    @Test
    void aNewLeaderMeansJoiningAgain()
    {
        start(2);
        join(1, 1, 0);
        agent.onPeerHeartbeat(3, 2, 0, 1);
        assertState(GatewayState.JOINING);
        agent.doWork();
        assertEquals(1, io.peers[3].sent(JoinRequestDecoder.TEMPLATE_ID).size());
        agent.onPeerHeartbeat(1, 1, 0, 1);
        assertState(GatewayState.JOINING, "a gateway of an older epoch is not followed");
    }

    @Test
    void theFirstStandbyAfterTheLeaderStandsAfterTheHeartbeatTimeout()
    {
        start(2);
        join(1, 1, 0);
        advance(HEARTBEAT_TIMEOUT_NS);
        agent.doWork();
        assertState(GatewayState.FOLLOWING);
        advance(1);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_BALLOT);
        agent.doWork();
        assertEquals(2, lastVoteRequestEpoch(), "one above the leader's epoch");
    }

    @Test
    void theNextStandbyWaitsOneStaggerLonger()
    {
        start(3);
        join(1, 1, 0);
        advance(HEARTBEAT_TIMEOUT_NS + 1);
        agent.doWork();
        assertState(GatewayState.FOLLOWING, "gateway 2 stands first");
        advance(STAGGER_NS);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_BALLOT);
    }

    @Test
    void aRivalsVoteRequestGivesItAHeartbeatTimeoutToWin()
    {
        start(2);
        join(1, 1, 0);
        advance(HEARTBEAT_TIMEOUT_NS - 1);
        fromPeers.onPeerVoteRequest(3, 2);
        advance(HEARTBEAT_TIMEOUT_NS - 1);
        agent.doWork();
        assertState(GatewayState.FOLLOWING);
        advance(2);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_BALLOT);
        agent.doWork();
        assertEquals(3, lastVoteRequestEpoch(), "the rival's epoch is taken");
    }

    // ---------------------------------------------------------------------------------------------- candidacy

    @Test
    void aCandidacyWonWithNothingToFillLeads()
    {
        start(2);
        stand();
        assertEquals(1, lastVoteRequestEpoch());
        vote(1, true, 0);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_BALLOT, "one vote of three is not a majority");
        vote(2, true, 0);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_FILL);
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE, "an empty journal has no responses to warm");
        assertEquals(GatewayAgent.Role.ACTIVE, agent.role());
        assertEquals(1, agent.epoch());
        assertEquals(1, agent.counters().takeovers());
        final GatewayHeartbeatDecoder heartbeat = new GatewayHeartbeatDecoder().wrapAndApplyHeader(
            last(io.sequenced.sent(GatewayHeartbeatDecoder.TEMPLATE_ID)), 0, header);
        assertEquals(1, heartbeat.epoch());
        assertEquals(2, heartbeat.gatewayId());
    }

    @Test
    void aCandidacyLostStandsByAndTheNextOneStandsHigher()
    {
        start(2);
        stand();
        vote(1, false, 0);
        vote(2, false, 0);
        agent.doWork();
        assertState(GatewayState.JOINING);
        assertEquals(GatewayAgent.Role.STANDBY, agent.role());
        stand();
        assertEquals(2, lastVoteRequestEpoch());
    }

    @Test
    void aCandidacyNobodyAnswersTimesOut()
    {
        start(2);
        stand();
        advance(3 * ELECTION_TIMEOUT_NS);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_BALLOT);
        assertTrue(io.sequenced.sent(EpochVoteRequestDecoder.TEMPLATE_ID).size() >= 2, "vote requests are repeated");
        advance(1);
        agent.doWork();
        assertState(GatewayState.JOINING);
    }

    @Test
    void aRivalActiveInAnEpochAsNewWithdrawsTheCandidacy()
    {
        start(2);
        stand();
        agent.onPeerHeartbeat(3, 1, 0, 1);
        assertState(GatewayState.JOINING);
        agent.doWork();
        assertEquals(1, io.peers[3].sent(JoinRequestDecoder.TEMPLATE_ID).size(), "it joins the rival");
        vote(1, true, 0);
        vote(2, true, 0);
        agent.doWork();
        assertState(GatewayState.JOINING, "votes for a withdrawn candidacy count for nothing");
    }

    @Test
    void aFillWhoseVoterFallsSilentAsksTheNextVoterThenGivesUp()
    {
        journalOf(2, 2);
        start(2);
        stand();
        vote(1, true, 5);
        vote(2, true, 5);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_FILL);
        assertFetch(0, 1, 3, 5);

        fromReplicas.onFetchedSequenced(message, 0, sequenced(1, 3, 7, 3), 1, 3, 7, 3);
        assertEquals(3, agent.lastSeq());
        advance(FILL_TIMEOUT_NS);
        agent.doWork();
        assertEquals(1, fetches().size(), "the voter is given the fill timeout from its last entry");
        advance(1);
        agent.doWork();
        assertFetch(1, 2, 4, 5);
        assertState(GatewayState.CANDIDATE_FILL);

        advance(FILL_TIMEOUT_NS + 1);
        agent.doWork();
        assertFetch(2, 1, 4, 5);
        advance(FILL_TIMEOUT_NS + 1);
        agent.doWork();
        assertFetch(3, 2, 4, 5);
        assertState(GatewayState.CANDIDATE_FILL);
        advance(FILL_TIMEOUT_NS + 1);
        agent.doWork();
        assertEquals(1 + Candidacy.MAX_FILL_ATTEMPTS, fetches().size());
        assertState(GatewayState.JOINING);
    }

    @Test
    void aFilledCandidateWarmsUpThenServes()
    {
        journalOf(2, 2);
        start(2);
        stand();
        vote(1, true, 3);
        vote(2, true, 2);
        agent.doWork();
        assertFetch(0, 1, 3, 3);
        fromReplicas.onFetchedSequenced(message, 0, sequenced(1, 3, 7, 3), 1, 3, 7, 3);
        agent.doWork();
        assertState(GatewayState.LEADER_WARMUP);
        agent.doWork();
        final ResponseFetchDecoder fetch = new ResponseFetchDecoder().wrapAndApplyHeader(
            last(io.sequenced.sent(ResponseFetchDecoder.TEMPLATE_ID)), 0, header);
        assertEquals(1, fetch.replicaId(), "from the voter that holds the most");
        assertEquals(1, fetch.fromSeq());
        assertEquals(3, fetch.toSeq());

        advance(WARM_TIMEOUT_NS + 1);
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE);
        assertEquals(3, agent.lastSeq());
    }

    @Test
    void aWarmUpEndsOnceTheFetchedResponsesAreInAndTheFetchHasClosed()
    {
        journalOf(2, 2);
        start(2);
        stand();
        vote(1, true, 3);
        vote(2, true, 2);
        agent.doWork();
        fromReplicas.onFetchedSequenced(message, 0, sequenced(1, 3, 7, 3), 1, 3, 7, 3);
        agent.doWork();
        assertState(GatewayState.LEADER_WARMUP);
        agent.doWork();
        assertEquals(1, io.sequenced.sent(ResponseFetchDecoder.TEMPLATE_ID).size(), "the responses are fetched once");

        final UnsafeBuffer none = new UnsafeBuffer(new byte[0]);
        // the replicas, matched with the new leader's history, report what they journaled: seqs 1..3 commit
        agent.onReplicaStatus(1, agent.epoch(), ReplicaState.LIVE, 3, 3, agent.epoch(), 0);
        agent.onReplicaStatus(2, agent.epoch(), ReplicaState.LIVE, 3, 3, agent.epoch(), 0);
        for (long seq = 1; seq <= 3; seq++)
        {
            fromReplicas.onResponseReplay(1, seq, false, 1, 1, seq, message, 0, 8, 0, 8);
        }
        agent.doWork();
        assertState(GatewayState.LEADER_WARMUP, "every seq answered, but the fetch has not closed");
        fromReplicas.onResponseReplay(2, 0, true, 1, 0, 0, none, 0, 0, 0, 0);
        agent.doWork();
        assertState(GatewayState.LEADER_WARMUP, "only the replica asked closes the fetch");
        fromReplicas.onResponseReplay(1, 0, true, 1, 0, 0, none, 0, 0, 0, 0);
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE, "the warm-up is done well before its deadline");
        fromReplicas.onResponseReplay(1, 0, true, 1, 0, 0, none, 0, 0, 0, 0);
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE, "a late answer is let be");
    }

    // ------------------------------------------------------------------------------------------- active term

    @Test
    void aLeaderStepsDownWhenAReplicaHasPromisedAHigherEpoch()
    {
        start(2);
        lead();
        agent.onReplicaStatus(1, 1, ReplicaState.LIVE, 0, 0, 1, 0);
        assertState(GatewayState.LEADER_ACTIVE, "a status of its own epoch");
        io.term.onReplicaResponse(1, 1, 1, 0, message, 0, 0, 0, 0);
        assertEquals(0, agent.counters().staleEpochResponses());
        agent.onReplicaStatus(1, 2, ReplicaState.LIVE, 0, 0, 0, 0);
        assertState(GatewayState.JOINING);
        assertEquals(1, agent.counters().stepDowns());
        assertEquals(GatewayAgent.Role.STANDBY, agent.role());
        io.term.onReplicaResponse(1, 2, 1, 0, message, 0, 0, 0, 0);
        assertEquals(1, agent.counters().staleEpochResponses(), "the ended term hears nothing more");
    }

    @Test
    @DisplayName("rule 6: once two replicas agree against a third, the leader orders the third to repair, once")
    void aLeaderOrdersTheReplicaAMajorityDisagreesWithToRepair()
    {
        journalOf(2, 3);
        start(2);
        lead();
        final long epoch = agent.epoch();
        io.sequenced.clear();
        io.term.onReplicaResponse(epoch, 2, 1, 0xBAD, message, 0, 16, 8, 8);
        io.term.onReplicaResponse(epoch, 2, 2, 0x600D, message, 0, 16, 8, 8);
        assertTrue(io.sequenced.sent(RepairOrderDecoder.TEMPLATE_ID).isEmpty(), "one against one: nobody is divergent");
        io.term.onReplicaResponse(epoch, 2, 3, 0x600D, message, 0, 16, 8, 8);
        agent.doWork();
        io.term.onReplicaResponse(epoch, 3, 1, 0xBAD, message, 0, 16, 8, 8);
        agent.doWork();
        final List<UnsafeBuffer> orders = io.sequenced.sent(RepairOrderDecoder.TEMPLATE_ID);
        assertEquals(1, orders.size(), "one order per divergence");
        final RepairOrderDecoder order = new RepairOrderDecoder().wrapAndApplyHeader(orders.get(0), 0, header);
        assertEquals(1, order.replicaId());
        assertEquals(2, order.gatewayId());
        assertEquals(epoch, order.epoch());
        assertEquals(2, order.seq());
        assertEquals(0x600D, order.majorityHash());
    }

    @Test
    void aLeaderStepsDownWhenAPeerIsActiveInAHigherEpoch()
    {
        start(2);
        lead();
        agent.onPeerHeartbeat(3, 1, 0, 1);
        assertState(GatewayState.LEADER_ACTIVE, "a peer of the same epoch is not newer");
        agent.onPeerHeartbeat(3, 2, 0, 1);
        assertState(GatewayState.JOINING);
        agent.doWork();
        assertEquals(1, io.peers[3].sent(JoinRequestDecoder.TEMPLATE_ID).size(), "it joins the new leader");
    }

    @Test
    void aLeaderTakesOnAJoiningStandby()
    {
        journalOf(2, 2);
        start(2);
        lead();
        io.term.onJoinRequest(3, 5, 1);
        final JoinAcceptedDecoder accepted = new JoinAcceptedDecoder().wrapAndApplyHeader(
            last(io.replay.sent(JoinAcceptedDecoder.TEMPLATE_ID)), 0, header);
        assertEquals(3, accepted.gatewayId());
        assertEquals(2, accepted.epoch());
        assertEquals(2, accepted.validSeq(), "what epoch 1 holds of the standby's journal");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void start(final int gatewayId)
    {
        final List<GatewayMember> peers = new ArrayList<>();
        final int[] peerIds = new int[2];
        int n = 0;
        for (int id = 1; id <= 3; id++)
        {
            if (id != gatewayId)
            {
                peers.add(GatewayEndpoints.fromBase(id, "localhost", 20_000 + 10 * id).member("localhost"));
                peerIds[n++] = id;
            }
        }
        final GatewayContext ctx = new GatewayContext()
            .aeronDirectoryName("unused")
            .gatewayId(gatewayId)
            .peers(peers)
            .replicaCount(3)
            .heartbeatTimeoutNs(HEARTBEAT_TIMEOUT_NS)
            .candidateStaggerNs(STAGGER_NS)
            .electionTimeoutNs(ELECTION_TIMEOUT_NS)
            .fillTimeoutNs(FILL_TIMEOUT_NS)
            .takeoverWarmTimeoutNs(WARM_TIMEOUT_NS)
            .journalDir(base.resolve("gateway-" + gatewayId))
            .conclude();
        io = new FakeGatewayIo(peerIds);
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
        agents.add(agent);
    }

    /**
     * Seqs 1..lastSeq of epoch 1 in the journal of this gateway, before it starts.
     */
    private void journalOf(final int gatewayId, final long lastSeq)
    {
        try (GatewayJournal journal = GatewayJournal.open(base.resolve("gateway-" + gatewayId), 64, "test"))
        {
            for (long seq = 1; seq <= lastSeq; seq++)
            {
                journal.append(message, 0, sequenced(1, seq, 7, seq), 1, seq, 7, seq);
            }
        }
    }

    private void join(final int leaderId, final long epoch, final long validSeq)
    {
        agent.onPeerHeartbeat(leaderId, epoch, validSeq, 1);
        agent.doWork();
        agent.onJoinAccepted(leaderId, agent.gatewayId(), epoch, validSeq);
        assertState(GatewayState.FOLLOWING);
    }

    private void stand()
    {
        advance(TimeUnit.SECONDS.toNanos(1));
        agent.doWork();
        assertState(GatewayState.CANDIDATE_BALLOT);
        agent.doWork();
    }

    private void lead()
    {
        stand();
        vote(1, true, agent.lastSeq());
        vote(2, true, agent.lastSeq());
        agent.doWork();
        agent.doWork();
        if (agent.state() == GatewayState.LEADER_WARMUP)
        {
            advance(WARM_TIMEOUT_NS + 1);
            agent.doWork();
        }
        assertState(GatewayState.LEADER_ACTIVE);
    }

    private void vote(final int replicaId, final boolean granted, final long journaledSeq)
    {
        fromReplicas.onEpochVote(replicaId, agent.gatewayId(), lastVoteRequestEpoch(), granted, journaledSeq);
    }

    private long lastVoteRequestEpoch()
    {
        return new EpochVoteRequestDecoder().wrapAndApplyHeader(
            last(io.sequenced.sent(EpochVoteRequestDecoder.TEMPLATE_ID)), 0, header).epoch();
    }

    private List<UnsafeBuffer> fetches()
    {
        return io.sequenced.sent(JournalFetchDecoder.TEMPLATE_ID);
    }

    private void assertFetch(final int index, final int replicaId, final long fromSeq, final long toSeq)
    {
        final List<UnsafeBuffer> fetches = fetches();
        assertEquals(index + 1, fetches.size(), "journal fetches sent");
        final JournalFetchDecoder fetch = new JournalFetchDecoder().wrapAndApplyHeader(fetches.get(index), 0, header);
        assertEquals(replicaId, fetch.replicaId(), "fetch " + index + " asks replica");
        assertEquals(fromSeq, fetch.fromSeq());
        assertEquals(toSeq, fetch.toSeq());
        assertEquals(agent.gatewayId(), fetch.gatewayId());
    }

    private int sequenced(final long epoch, final long seq, final long clientId, final long correlationId)
    {
        final SequencedEncoder encoder = new SequencedEncoder().wrapAndApplyHeader(message, 0, new MessageHeaderEncoder())
            .epoch(epoch).seq(seq).timestampNs(seq).clientId(clientId).correlationId(correlationId)
            .putPayload(new byte[] {1, 2}, 0, 2);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void advance(final long ns)
    {
        nowNs += ns;
    }

    private void assertState(final GatewayState expected)
    {
        assertState(expected, "");
    }

    private void assertState(final GatewayState expected, final String why)
    {
        assertEquals(expected, agent.state(), why);
        assertEquals(expected.code(), io.stateCounter().get(), "the state counter shows " + expected);
    }

    private static UnsafeBuffer last(final List<UnsafeBuffer> messages)
    {
        assertTrue(!messages.isEmpty(), "a message was sent");
        return messages.get(messages.size() - 1);
    }
}
