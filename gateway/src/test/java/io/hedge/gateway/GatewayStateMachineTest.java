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
import io.hedge.codecs.fabric.SequencedDecoder;
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

        heartbeat(1, 1, 0, 1);
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

        heartbeat(1, 1, 5, 1);
        agent.doWork();
        assertTrue(io.peers[1].sent(RetransmitRequestDecoder.TEMPLATE_ID).isEmpty(), "the first look sets the mark");
        advance(Follower.FOLLOW_RETRANSMIT_NS + 1);
        heartbeat(1, 1, 5, 1);
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
        heartbeat(1, 3, 2, 3);
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
    void aGatewayKnowsWhoOwnsEachClientIdItsJournalHoldsBeforeAnyoneConnects()
    {
        try (GatewayJournal journal = GatewayJournal.open(base.resolve("gateway-2"), 64, "test"))
        {
            final int length = sequenced(1, 1, 7, 1);
            new SequencedEncoder().wrapAndApplyHeader(message, 0, new MessageHeaderEncoder()).principalId(5);
            journal.append(message, 0, length, 1, 1, 7, 1);
        }
        start(2);
        assertEquals(5, agent.clientOwnership().ownerOf(7), "a takeover must not let another principal claim id 7");

        join(1, 1, 1);
        final int followed = sequenced(1, 2, 9, 1);
        new SequencedEncoder().wrapAndApplyHeader(message, 0, new MessageHeaderEncoder()).principalId(6);
        fromPeers.onPeerSequenced(1, message, 0, followed, 1, 2, 9, 1);
        assertEquals(6, agent.clientOwnership().ownerOf(9), "what a standby follows tells it the owners too");
    }

    @Test
    void aStandbyWhoseLastEpochTheLeaderNeverHeldCutsWhereTheLeadersJournalDiffers()
    {
        // Invariant (log matching): the standby keeps only what agrees with the leader's journal. Its journal:
        // epoch 3 on 1..10, epoch 5 (abandoned) on 11..15; the leader's: epoch 3 on 1..12, epoch 6 from 13. The old
        // rule (the leader's last seq at or before epoch 5) kept 11..12 of epoch 5
        journalWith(2, 15, 3, 1, 5, 11);
        start(2);
        heartbeat(1, 6, 20, 13, 3, 1, 6, 13);
        agent.doWork();
        agent.onJoinAccepted(1, 2, 6, 15);
        assertState(GatewayState.FOLLOWING);
        assertEquals(10, agent.lastSeq(), "11 and 12 are epoch 5 here and epoch 3 there");
        fromPeers.onPeerSequenced(1, message, 0, sequenced(3, 11, 8, 1), 3, 11, 8, 1);
        assertEquals(11, agent.lastSeq(), "following goes on from the cut");
    }

    @Test
    void aStandbyThatCannotTellWhereItAgreesKeepsNothing()
    {
        journalWith(2, 15, 3, 1, 5, 11);
        start(2);
        heartbeat(1, 6, 20, 13, 6, 13);
        agent.doWork();
        agent.onJoinAccepted(1, 2, 6, 15);
        assertState(GatewayState.FOLLOWING);
        assertEquals(0, agent.lastSeq(), "the leader's tail does not reach the agreement: follow it from the start");
    }

    @Test
    void aJoinAnswerBeforeTheLeadersHeartbeatCutsNothing()
    {
        // Invariant (log matching without loss): a standby cuts its journal only by a tail the leader sent. A standby
        // that stood and lost the pre-vote stands by again knowing the leader but not its tail; an answer to the join
        // its earlier self asked must not be taken against an empty tail (seed 1101 cut two standbys to seq 0).
        journalWith(2, 15, 3, 1);
        start(2);
        join(1, 3, 15);
        assertEquals(15, agent.lastSeq());
        standToPreVote();
        preVote(1, false, 0);
        preVote(3, false, 0);
        agent.doWork();
        assertState(GatewayState.JOINING, "the pre-vote lost: standing by again, the leader known");
        final int joinsBefore = io.peers[1].sent(JoinRequestDecoder.TEMPLATE_ID).size();
        agent.doWork();
        assertEquals(joinsBefore, io.peers[1].sent(JoinRequestDecoder.TEMPLATE_ID).size(),
            "no join before the leader's heartbeat");
        agent.onJoinAccepted(1, 2, 3, 15);
        assertState(GatewayState.JOINING, "an answer without a tail heard is ignored");
        assertEquals(15, agent.lastSeq(), "nothing cut");

        heartbeat(1, 3, 15, 1, 3, 1);
        agent.doWork();
        agent.onJoinAccepted(1, 2, 3, 15);
        assertState(GatewayState.FOLLOWING);
        assertEquals(15, agent.lastSeq(), "the tail heard agrees with the whole journal");
    }

    @Test
    void aNewLeaderMeansJoiningAgain()
    {
        start(2);
        join(1, 1, 0);
        heartbeat(3, 2, 0, 1);
        assertState(GatewayState.JOINING);
        agent.doWork();
        assertEquals(1, io.peers[3].sent(JoinRequestDecoder.TEMPLATE_ID).size());
        heartbeat(1, 1, 0, 1);
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
        assertState(GatewayState.CANDIDATE_PREVOTE, "a pre-vote before the ballot");
        agent.doWork();
        assertEquals(2, lastVoteRequestEpoch(), "one above the leader's epoch");
        assertTrue(lastVoteRequest().preVote() == 1);
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
        assertState(GatewayState.CANDIDATE_PREVOTE);
    }

    @Test
    void aRivalsVoteRequestGivesItAHeartbeatTimeoutToWin()
    {
        start(2);
        join(1, 1, 0);
        advance(HEARTBEAT_TIMEOUT_NS - 1);
        fromPeers.onPeerVoteRequest(3, 2, false);
        advance(HEARTBEAT_TIMEOUT_NS - 1);
        agent.doWork();
        assertState(GatewayState.FOLLOWING);
        advance(2);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_PREVOTE);
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
        heartbeat(3, 1, 0, 1);
        assertState(GatewayState.JOINING);
        agent.doWork();
        assertEquals(1, io.peers[3].sent(JoinRequestDecoder.TEMPLATE_ID).size(), "it joins the rival");
        vote(1, true, 0);
        vote(2, true, 0);
        agent.doWork();
        assertState(GatewayState.JOINING, "votes for a withdrawn candidacy count for nothing");
    }

    @Test
    void aPreVoteWithAMinorityOfGrantsNeverAsksForRealVotesNorRaisesTheEpoch()
    {
        // Invariant (PreVote): a gateway that cannot win raises nobody's epoch, its own included
        start(2);
        standToPreVote();
        assertEquals(1, lastVoteRequestEpoch());
        preVote(1, true, 0);
        preVote(2, false, 0);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_PREVOTE, "one grant, one refusal: a majority is still possible");
        preVote(3, false, 0);
        agent.doWork();
        assertState(GatewayState.JOINING, "two refusals of three");
        assertRealVoteRequests(0);
        standToPreVote();
        assertEquals(1, lastVoteRequestEpoch(), "the failed pre-vote took no epoch");
        assertRealVoteRequests(0);
    }

    @Test
    void aGatewayWithNoReplicasReachableBurnsNoEpoch()
    {
        // Invariant (PreVote): standing again and again while cut off from the replicas leaves the epochs alone
        start(2);
        for (int round = 0; round < 10; round++)
        {
            standToPreVote();
            advance(3 * ELECTION_TIMEOUT_NS + 1);
            agent.doWork();
            assertState(GatewayState.JOINING, "round " + round + ": nobody answered the pre-vote");
        }
        assertRealVoteRequests(0);
        for (final UnsafeBuffer request : io.sequenced.sent(EpochVoteRequestDecoder.TEMPLATE_ID))
        {
            final EpochVoteRequestDecoder decoder = new EpochVoteRequestDecoder().wrapAndApplyHeader(request, 0, header);
            assertEquals(1, decoder.epoch(), "every pre-vote asks for the same epoch");
            assertEquals(1, decoder.preVote());
        }
    }

    @Test
    void aRivalsPreVoteTakesNoEpochAndDoesNotHoldThisStandbyBack()
    {
        start(2);
        join(1, 1, 0);
        advance(HEARTBEAT_TIMEOUT_NS - 1);
        fromPeers.onPeerVoteRequest(3, 5, true);
        advance(2);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_PREVOTE, "a rival's pre-vote is no reason to wait");
        agent.doWork();
        assertEquals(2, lastVoteRequestEpoch(), "and takes no epoch");
    }

    @Test
    void aCandidateBehindTheReplicasCatchesUpThenWins()
    {
        // Invariant (election restriction): a candidate is elected only with a journal at least as new as a
        // majority's; one refused for being behind fetches what it lacks first
        journalOf(2, 2);
        start(2);
        standToPreVote();
        answer(1, true, false, 4, 1, 1, 1);
        answer(2, true, false, 3, 1, 1, 1);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_PREVOTE, "refused for being behind: catching up");
        assertFetch(0, 1, 3, 4);
        assertRealVoteRequests(0);
        fromReplicas.onFetchedSequenced(message, 0, sequenced(1, 3, 7, 3), 1, 3, 7, 3);
        fromReplicas.onFetchedSequenced(message, 0, sequenced(1, 4, 7, 4), 1, 4, 7, 4);
        assertEquals(4, agent.lastSeq());
        final int preVotes = io.sequenced.sent(EpochVoteRequestDecoder.TEMPLATE_ID).size();
        agent.doWork();
        agent.doWork();
        assertEquals(preVotes + 1, io.sequenced.sent(EpochVoteRequestDecoder.TEMPLATE_ID).size(), "pre-vote again");
        assertEquals(1, lastVoteRequest().preVote());
        assertEquals(4, lastVoteRequest().lastSeq());
        assertEquals(2, lastVoteRequestEpoch());
        preVote(1, true, 4);
        preVote(2, true, 3);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_BALLOT);
        agent.doWork();
        vote(1, true, 4);
        vote(2, true, 3);
        agent.doWork();
        agent.doWork();
        assertEquals(GatewayAgent.Role.ACTIVE, agent.role());
        assertEquals(2, agent.epoch());
        assertEquals(5, agent.lastSeq(), "4 caught up, then the term's marker");
    }

    @Test
    void aCandidateHoldingAnAbandonedTailCutsItBeforeSequencing() throws IOException
    {
        // Invariant (log matching): epoch 2's seqs 3..5 were abandoned; epoch 3 re-sequenced 3..4 on the replicas.
        // The candidate keeps 1..2, takes epoch 3's 3..4, and only then leads
        journalWith(2, 5, 1, 1, 2, 3);
        start(2);
        standToPreVote();
        assertEquals(3, lastVoteRequestEpoch(), "one above its journal's last epoch");
        answer(1, true, false, 4, 3, 1, 1, 3, 3);
        answer(2, true, false, 4, 3, 1, 1, 3, 3);
        agent.doWork();
        assertEquals(2, agent.lastSeq(), "cut to where it agrees with the newest journal");
        try (Stream<Path> siblings = Files.list(base))
        {
            assertTrue(siblings.anyMatch(p -> p.getFileName().toString().startsWith("gateway-2.abandoned-epoch-3")),
                "the abandoned tail is kept aside");
        }
        assertFetch(0, 1, 3, 4);
        fromReplicas.onFetchedSequenced(message, 0, sequenced(2, 3, 7, 3), 2, 3, 7, 3);
        assertEquals(2, agent.lastSeq(), "an entry of another epoch than the voter's history names is not taken");
        fromReplicas.onFetchedSequenced(message, 0, sequenced(3, 3, 8, 3), 3, 3, 8, 3);
        fromReplicas.onFetchedSequenced(message, 0, sequenced(3, 4, 8, 4), 3, 4, 8, 4);
        agent.doWork();
        agent.doWork();
        assertEquals(4, lastVoteRequestEpoch(), "above the epoch its journal now ends in");
        assertEquals(3, lastVoteRequest().lastEpoch());
        answer(1, true, true, 4, 3, 1, 1, 3, 3);
        answer(2, true, true, 4, 3, 1, 1, 3, 3);
        agent.doWork();
        agent.doWork();
        answer(1, false, true, 4, 3, 1, 1, 3, 3);
        answer(2, false, true, 4, 3, 1, 1, 3, 3);
        agent.doWork();
        agent.doWork();
        if (agent.state() == GatewayState.LEADER_WARMUP)
        {
            advance(WARM_TIMEOUT_NS + 1);
            followed();
            agent.doWork();
        }
        assertState(GatewayState.LEADER_ACTIVE);
        final GatewayHeartbeatDecoder heartbeat = new GatewayHeartbeatDecoder().wrapAndApplyHeader(
            last(io.sequenced.sent(GatewayHeartbeatDecoder.TEMPLATE_ID)), 0, header);
        assertEquals(4, heartbeat.epoch());
        assertEquals(5, heartbeat.lastSeq(), "seq 4, then the term's marker at 5");
        final long[] expected = {1, 1, 3, 3, 4, 5};
        int i = 0;
        for (final GatewayHeartbeatDecoder.HistoryDecoder run : heartbeat.history())
        {
            assertEquals(expected[i++], run.epoch());
            assertEquals(expected[i++], run.startSeq());
        }
        assertEquals(expected.length, i, "its journal is the newest voter's up to seq 4, then its own epoch");
    }

    @Test
    void noCatchUpWhenEvenACaughtUpCandidateCouldNotWin()
    {
        // replica 1 is ahead, but replicas 2 and 3 refused a journal as new as theirs: another reason (a live
        // leader they still hear); fetching from replica 1 could not win a majority
        journalOf(2, 2);
        start(2);
        standToPreVote();
        answer(1, true, false, 4, 1, 1, 1);
        answer(2, true, false, 2, 1, 1, 1);
        answer(3, true, false, 2, 1, 1, 1);
        agent.doWork();
        assertState(GatewayState.JOINING);
        assertTrue(fetches().isEmpty(), "nothing fetched");
    }

    @Test
    void aCatchUpThatCannotTellWhereTheJournalsAgreeGivesUpTheCandidacy()
    {
        journalWith(2, 5, 1, 1, 2, 3);
        start(2);
        standToPreVote();
        // the replicas' history tail starts at seq 4, in an epoch this journal never held: no agreement can be told
        answer(1, true, false, 6, 3, 3, 4);
        answer(2, true, false, 6, 3, 3, 4);
        agent.doWork();
        assertState(GatewayState.JOINING);
        assertEquals(5, agent.lastSeq(), "nothing is cut on a guess");
        assertRealVoteRequests(0);
    }

    @Test
    void theFillTakesTheNewestJournalNotTheLongest()
    {
        // Invariant: the fill never takes a tail a newer epoch abandoned, however long it is
        journalOf(2, 2);
        start(2);
        agent.onReplicaStatus(3, 4, ReplicaState.LIVE, 0, 0, 0, 0);
        stand();
        assertEquals(5, lastVoteRequestEpoch(), "above the promise a replica reported");
        answer(1, false, true, 6, 1, 1, 1);
        answer(2, false, true, 4, 3, 1, 1, 3, 3);
        agent.doWork();
        assertState(GatewayState.CANDIDATE_FILL);
        assertFetch(0, 2, 3, 4);
        fromReplicas.onFetchedSequenced(message, 0, sequenced(3, 3, 7, 3), 3, 3, 7, 3);
        fromReplicas.onFetchedSequenced(message, 0, sequenced(3, 4, 7, 4), 3, 4, 7, 4);
        agent.doWork();
        assertEquals(GatewayAgent.Role.ACTIVE, agent.role());
        assertEquals(5, agent.lastSeq(), "filled to 4, then the term's marker");
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
        followed();
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE);
        assertEquals(4, agent.lastSeq(), "the journal's 3 seqs and the term's marker");
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
        // the replicas, matched with the new leader's history, report what they journaled up to the term's marker
        // (seq 4): seqs 1..3 of the earlier epoch commit with it
        agent.onReplicaStatus(1, agent.epoch(), ReplicaState.LIVE, 4, 4, agent.epoch(), 0);
        agent.onReplicaStatus(2, agent.epoch(), ReplicaState.LIVE, 4, 4, agent.epoch(), 0);
        for (long seq = 1; seq <= 3; seq++)
        {
            fromReplicas.onResponseReplay(1, seq, false, 1, 1, seq, 0, message, 0, 8, 0, 8);
        }
        agent.doWork();
        assertState(GatewayState.LEADER_WARMUP, "every seq answered, but the fetch has not closed");
        fromReplicas.onResponseReplay(2, 0, true, 1, 0, 0, 0, none, 0, 0, 0, 0);
        agent.doWork();
        assertState(GatewayState.LEADER_WARMUP, "only the replica asked closes the fetch");
        fromReplicas.onResponseReplay(1, 0, true, 1, 0, 0, 0, none, 0, 0, 0, 0);
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE, "the warm-up is done well before its deadline");
        fromReplicas.onResponseReplay(1, 0, true, 1, 0, 0, 0, none, 0, 0, 0, 0);
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE, "a late answer is let be");
    }

    // ------------------------------------------------------------------------------------------- active term

    @Test
    void oneReplicasHigherPromiseDoesNotDeposeTheLeader()
    {
        // v2 (this test replaces the old "steps down when a replica has promised a higher epoch"): one replica's
        // promise may come from a candidate that cannot win; only the lease (a majority gone) or a gateway heard
        // leading a newer epoch ends the term. Invariant: no needless step-down.
        start(2);
        lead();
        agent.onReplicaStatus(1, 1, ReplicaState.LIVE, 0, 0, 0, 0);
        io.term.onReplicaResponse(1, 1, 1, 0, 0, message, 0, 0, 0, 0);
        assertEquals(0, agent.counters().staleEpochResponses());
        agent.onReplicaStatus(1, 2, ReplicaState.LIVE, 0, 0, 0, 0);
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE, "replica 1 promised epoch 2; replicas 2 and 3 still follow");
        assertEquals(0, agent.counters().stepDowns());
    }

    @Test
    void aLeaderThatHearsNoMajorityWithinTheLeaseStepsDown()
    {
        // Invariant (CheckQuorum): a leader cut off from a majority stops answering within the lease
        start(2);
        lead();
        final long lease = HEARTBEAT_TIMEOUT_NS;
        for (int i = 0; i < 4; i++)
        {
            advance(lease / 2);
            agent.onReplicaStatus(1, 1, ReplicaState.LIVE, 0, 0, 0, 0);
            io.term.onReplicaResponse(1, 1, 2, 0, 0, message, 0, 0, 0, 0);
            agent.doWork();
            assertState(GatewayState.LEADER_ACTIVE, "replicas 1 (status) and 2 (response) keep the lease");
        }
        advance(lease / 2);
        agent.onReplicaStatus(1, 1, ReplicaState.LIVE, 0, 0, 0, 0);
        agent.onReplicaStatus(2, 2, ReplicaState.LIVE, 0, 0, 0, 0);
        agent.onReplicaStatus(3, 0, ReplicaState.LIVE, 0, 0, 0, 0);
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE, "replica 2 was heard in this epoch half a lease ago");
        advance(lease / 2 + 1);
        agent.onReplicaStatus(1, 1, ReplicaState.LIVE, 0, 0, 0, 0);
        agent.onReplicaStatus(2, 2, ReplicaState.LIVE, 0, 0, 0, 0);
        agent.doWork();
        assertState(GatewayState.JOINING, "only replica 1 follows epoch 1: a status of another epoch counts for nothing");
        assertEquals(1, agent.counters().leaseLosses());
        assertEquals(1, agent.counters().stepDowns());
        assertEquals(GatewayAgent.Role.STANDBY, agent.role());
        io.term.onReplicaResponse(1, 4, 1, 0, 0, message, 0, 0, 0, 0);
        assertEquals(1, agent.counters().staleEpochResponses(), "the ended term hears nothing more");
    }

    @Test
    void theLeaseIsHeldFromTheStartByTheVoters()
    {
        start(2);
        lead();
        advance(HEARTBEAT_TIMEOUT_NS);
        agent.doWork();
        assertState(GatewayState.LEADER_ACTIVE, "the voters count as heard when the term begins");
        advance(1);
        agent.doWork();
        assertState(GatewayState.JOINING, "and no longer than the lease");
    }

    @Test
    void theFirstHeartbeatOfATermCarriesTheHistoryAndPrecedesItsFirstSequenced()
    {
        // Invariant: a replica checks its journal against the term's history before it applies anything of it,
        // so the history must reach it first, even when the stream pushes the term's first heartbeat back
        journalOf(2, 2);
        start(2);
        stand();
        vote(1, true, 2);
        vote(2, true, 2);
        agent.doWork();
        io.sequenced.clear();
        io.sequenced.refuseNext = 1;
        agent.doWork();
        assertEquals(GatewayAgent.Role.ACTIVE, agent.role());
        final LeaderTerm term = (LeaderTerm)io.term;
        term.servingDesk().onRequest(new ClientSession(9, "aeron:ipc", 1, null, 0), 9, 1, message, 0, 2);
        final List<Integer> templates = io.sequenced.templates();
        assertTrue(templates.contains(SequencedDecoder.TEMPLATE_ID), "the marker was sequenced: " + templates);
        assertEquals(GatewayHeartbeatDecoder.TEMPLATE_ID, templates.get(0),
            "a heartbeat first, although the stream refused the first one offered: " + templates);
        final SequencedDecoder marker = new SequencedDecoder().wrapAndApplyHeader(
            io.sequenced.sent(SequencedDecoder.TEMPLATE_ID).get(0), 0, header);
        assertEquals(3, marker.seq(), "the term's first entry is its marker");
        assertEquals(LeaderTerm.TERM_START_CLIENT_ID, marker.clientId());
        assertEquals(2, marker.epoch());

        final GatewayHeartbeatDecoder heartbeat = new GatewayHeartbeatDecoder().wrapAndApplyHeader(
            io.sequenced.sent(GatewayHeartbeatDecoder.TEMPLATE_ID).get(0), 0, header);
        assertEquals(2, heartbeat.epoch());
        assertEquals(2, heartbeat.lastSeq());
        assertEquals(3, heartbeat.epochStartSeq());
        final long commitSeq = heartbeat.commitSeq();
        assertTrue(commitSeq >= 0);
        final GatewayHeartbeatDecoder.HistoryDecoder history = heartbeat.history();
        assertEquals(2, history.count(), "epoch 1 from seq 1, and this epoch from its start, before anything in it");
        assertEquals(1, history.next().epoch());
        assertEquals(1, history.startSeq());
        assertEquals(2, history.next().epoch());
        assertEquals(3, history.startSeq());
    }

    @Test
    void aHeartbeatCarriesOnlyTheNewestRunsOfTheHistory()
    {
        final long runs = FabricLimits.HISTORY_TAIL + 5;
        try (GatewayJournal journal = GatewayJournal.open(base.resolve("gateway-2"), 64, "test"))
        {
            for (long seq = 1; seq <= runs; seq++)
            {
                journal.append(message, 0, sequenced(seq, seq, 7, seq), seq, seq, 7, seq);
            }
        }
        start(2);
        lead();
        final GatewayHeartbeatDecoder heartbeat = new GatewayHeartbeatDecoder().wrapAndApplyHeader(
            last(io.sequenced.sent(GatewayHeartbeatDecoder.TEMPLATE_ID)), 0, header);
        final long epoch = heartbeat.epoch();
        assertEquals(runs + 1, epoch);
        final GatewayHeartbeatDecoder.HistoryDecoder history = heartbeat.history();
        assertEquals(FabricLimits.HISTORY_TAIL, history.count());
        long expectedEpoch = runs + 1 - FabricLimits.HISTORY_TAIL + 1;
        for (final GatewayHeartbeatDecoder.HistoryDecoder run : history)
        {
            assertEquals(expectedEpoch, run.epoch(), "oldest first, the newest last");
            assertEquals(expectedEpoch, run.startSeq());
            expectedEpoch++;
        }
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
        io.term.onReplicaResponse(epoch, 2, 1, 0xBAD, 0, message, 0, 16, 8, 8);
        io.term.onReplicaResponse(epoch, 2, 2, 0x600D, 0, message, 0, 16, 8, 8);
        assertTrue(io.sequenced.sent(RepairOrderDecoder.TEMPLATE_ID).isEmpty(), "one against one: nobody is divergent");
        io.term.onReplicaResponse(epoch, 2, 3, 0x600D, 0, message, 0, 16, 8, 8);
        agent.doWork();
        io.term.onReplicaResponse(epoch, 3, 1, 0xBAD, 0, message, 0, 16, 8, 8);
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
        heartbeat(3, 1, 0, 1);
        assertState(GatewayState.LEADER_ACTIVE, "a peer of the same epoch is not newer");
        heartbeat(3, 2, 0, 1);
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
        assertEquals(3, accepted.validSeq(), "what this leader published (seqs 1..2 and its term's marker at 3) " +
            "of the standby's 5; the standby cuts further by the tail of the heartbeats");
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

    /**
     * A journal of seqs 1..lastSeq in this gateway's directory, before it starts, in runs: epoch and first seq
     * of each, oldest first.
     */
    private void journalWith(final int gatewayId, final long lastSeq, final long... runs)
    {
        try (GatewayJournal journal = GatewayJournal.open(base.resolve("gateway-" + gatewayId), 64, "test"))
        {
            int run = 0;
            for (long seq = 1; seq <= lastSeq; seq++)
            {
                while (run + 2 < runs.length && runs[run + 3] <= seq)
                {
                    run += 2;
                }
                final long epoch = runs[run];
                journal.append(message, 0, sequenced(epoch, seq, 7, seq), epoch, seq, 7, seq);
            }
        }
    }

    private void assertRealVoteRequests(final int expected)
    {
        int real = 0;
        for (final UnsafeBuffer request : io.sequenced.sent(EpochVoteRequestDecoder.TEMPLATE_ID))
        {
            real += new EpochVoteRequestDecoder().wrapAndApplyHeader(request, 0, header).preVote() == 0 ? 1 : 0;
        }
        assertEquals(expected, real, "real vote requests sent");
    }

    private void join(final int leaderId, final long epoch, final long validSeq)
    {
        heartbeat(leaderId, epoch, validSeq, 1);
        agent.doWork();
        agent.onJoinAccepted(leaderId, agent.gatewayId(), epoch, validSeq);
        assertState(GatewayState.FOLLOWING);
    }

    /**
     * Stand, and be granted the pre-vote by replicas 1 and 2 (at this journal): the real ballot is asked for.
     */
    private void stand()
    {
        standToPreVote();
        preVote(1, true, agent.lastSeq());
        preVote(2, true, agent.lastSeq());
        agent.doWork();
        assertState(GatewayState.CANDIDATE_BALLOT);
        agent.doWork();
        assertEquals(0, lastVoteRequest().preVote(), "the real vote request");
    }

    private void standToPreVote()
    {
        advance(TimeUnit.SECONDS.toNanos(1));
        agent.doWork();
        assertState(GatewayState.CANDIDATE_PREVOTE);
        agent.doWork();
        assertEquals(1, lastVoteRequest().preVote(), "a pre-vote first");
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
            followed();
            agent.doWork();
        }
        assertState(GatewayState.LEADER_ACTIVE);
    }

    /**
     * A real vote; the voter's journal is seqs 1..journaledSeq of epoch 1.
     */
    /**
     * Replicas 1 and 2 report following the leader's epoch: its lease goes on.
     */
    private void followed()
    {
        agent.onReplicaStatus(1, agent.epoch(), ReplicaState.LIVE, 0, 0, 0, 0);
        agent.onReplicaStatus(2, agent.epoch(), ReplicaState.LIVE, 0, 0, 0, 0);
    }

    private void vote(final int replicaId, final boolean granted, final long journaledSeq)
    {
        answer(replicaId, false, granted, journaledSeq, 0 == journaledSeq ? 0 : 1, 1, 1);
    }

    private void preVote(final int replicaId, final boolean granted, final long journaledSeq)
    {
        answer(replicaId, true, granted, journaledSeq, 0 == journaledSeq ? 0 : 1, 1, 1);
    }

    /**
     * @param runs the voter's history: epoch and first seq of each run, oldest first (none when journaledSeq is 0).
     */
    private void answer(final int replicaId, final boolean preVote, final boolean granted, final long journaledSeq,
        final long lastEntryEpoch, final long... runs)
    {
        final int count = 0 == journaledSeq ? 0 : runs.length / 2;
        final long[] epochs = new long[FabricLimits.HISTORY_TAIL];
        final long[] starts = new long[FabricLimits.HISTORY_TAIL];
        for (int i = 0; i < count; i++)
        {
            epochs[i] = runs[2 * i];
            starts[i] = runs[2 * i + 1];
        }
        fromReplicas.onEpochVote(replicaId, agent.gatewayId(), lastVoteRequestEpoch(), granted, journaledSeq,
            lastEntryEpoch, preVote, epochs, starts, count);
    }

    /**
     * A peer's heartbeat; its history: epoch 1 from seq 1, then its own epoch from epochStartSeq.
     */
    private void heartbeat(final int peerId, final long epoch, final long lastSeq, final long epochStartSeq)
    {
        if (epochStartSeq > 1 && epoch > 1)
        {
            heartbeat(peerId, epoch, lastSeq, epochStartSeq, 1, 1, epoch, epochStartSeq);
        }
        else
        {
            heartbeat(peerId, epoch, lastSeq, epochStartSeq, epoch, epochStartSeq);
        }
    }

    private void heartbeat(final int peerId, final long epoch, final long lastSeq, final long epochStartSeq,
        final long... runs)
    {
        final long[] epochs = new long[FabricLimits.HISTORY_TAIL];
        final long[] starts = new long[FabricLimits.HISTORY_TAIL];
        for (int i = 0; i < runs.length / 2; i++)
        {
            epochs[i] = runs[2 * i];
            starts[i] = runs[2 * i + 1];
        }
        agent.onPeerHeartbeat(peerId, epoch, lastSeq, epochStartSeq, epochs, starts, runs.length / 2);
    }

    private EpochVoteRequestDecoder lastVoteRequest()
    {
        return new EpochVoteRequestDecoder().wrapAndApplyHeader(
            last(io.sequenced.sent(EpochVoteRequestDecoder.TEMPLATE_ID)), 0, header);
    }

    private long lastVoteRequestEpoch()
    {
        return lastVoteRequest().epoch();
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
