package io.hedge.replicas;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gap repair on a fake gateway: which retransmits are asked for, and when the replica is repaired.
 */
class GapRepairTest
{
    private static final long TIMEOUT_NS = 200_000_000L;
    private static final long T0 = 5_000_000_000L;

    private final List<String> requests = new ArrayList<>();
    private final ReplicaCounters counters = new ReplicaCounters();
    private final GapRepair repair = new GapRepair(
        3, TIMEOUT_NS, (replicaId, from, to) -> requests.add(replicaId + ":" + from + ".." + to), counters);

    @Test
    void aGapAsksForTheMissingSeqsOnce()
    {
        assertFalse(repair.holding());
        assertTrue(repair.onGap(8, 5, T0));
        assertEquals(List.of("3:6..8"), requests);
        assertTrue(repair.holding());
        assertEquals(8, repair.heldSeq());
        assertEquals(1, counters.gapsDetected());
        assertEquals("gap: expected seq 6 but heard of seq 8; holding at seq 5 and asking for a retransmit up to seq 8",
            repair.openedReason());

        assertFalse(repair.onGap(7, 5, T0 + 1), "already held");
        assertEquals(7, repair.heldSeq(), "the lowest seq beyond the gap");
        assertEquals(List.of("3:6..8"), requests);
        assertEquals(1, counters.gapsDetected());
    }

    @Test
    void aStalledRetransmitIsAskedForAgain()
    {
        repair.onGap(8, 5, T0);
        assertEquals(0, repair.onTimer(5, T0 + TIMEOUT_NS - 1));
        assertEquals(1, requests.size());

        assertEquals(1, repair.onTimer(5, T0 + TIMEOUT_NS), "nothing applied since the request");
        assertEquals(List.of("3:6..8", "3:6..8"), requests);

        // the retransmit is arriving: the deadline moves, nothing is asked again
        assertEquals(1, repair.onTimer(6, T0 + 2 * TIMEOUT_NS));
        assertEquals(2, requests.size());
        assertEquals(0, repair.onTimer(6, T0 + 3 * TIMEOUT_NS - 1));
        assertEquals(1, repair.onTimer(6, T0 + 3 * TIMEOUT_NS), "stalled again at seq 6");
        assertEquals(List.of("3:6..8", "3:6..8", "3:7..8"), requests);
    }

    @Test
    void theGapIsRepairedOnceTheHighestSeqSeenIsApplied()
    {
        repair.onGap(8, 5, T0);
        assertFalse(repair.onApplied(6, T0 + 1));
        assertFalse(repair.onApplied(7, T0 + 2));
        assertTrue(repair.onApplied(8, T0 + 3));
        assertFalse(repair.holding());
        assertEquals(0, repair.heldSeq());
        assertEquals(1, counters.gapsRepaired());
        assertEquals(1, requests.size());
        assertEquals("gap repaired, caught up to seq 8 in 7 ms", repair.repairedReason(T0 + 7_000_000));
    }

    @Test
    void aRetransmitThatEndsBeforeTheStreamAsksForTheRestAtOnce()
    {
        repair.onGap(8, 5, T0);
        repair.onGap(12, 5, T0 + 1);
        assertFalse(repair.onApplied(8, T0 + 2), "seq 12 was seen meanwhile");
        assertEquals(List.of("3:6..8", "3:9..12"), requests);
        assertTrue(repair.onApplied(12, T0 + 3));
    }

    @Test
    void aHeartbeatRevealsSeqsThatNeverCame()
    {
        assertFalse(repair.onLeaderHeartbeat(10, 10, true, T0));
        assertFalse(repair.onLeaderHeartbeat(12, 11, true, T0 + 1), "still applying: no gap yet");
        assertEquals(12, repair.gatewayLastSeq());
        assertTrue(repair.onLeaderHeartbeat(12, 11, true, T0 + 2), "stood still between two heartbeats");
        assertEquals(List.of("3:12..12"), requests);
        assertTrue(repair.holding());
        assertEquals("gap: expected seq 12 but the gateway's heartbeat says seqs up to 12 are sequenced, and none " +
            "came since the last one; holding at seq 11 and asking for a retransmit up to seq 12", repair.openedReason());
        repair.onApplied(12, T0 + 3);

        // the next gap, opened by a seq beyond the next one, says so
        assertTrue(repair.onGap(15, 12, T0 + 4));
        assertEquals("gap: expected seq 13 but heard of seq 15; holding at seq 12 and asking for a retransmit up to " +
            "seq 15", repair.openedReason());
    }

    @Test
    void aHeartbeatOpensNoGapUnlessLive()
    {
        repair.onLeaderHeartbeat(12, 0, false, T0);
        assertFalse(repair.onLeaderHeartbeat(12, 0, false, T0 + 1));
        assertEquals(List.of(), requests);
    }

    @Test
    void theRequestRunsToTheGatewaysLastSeqWhenItIsAhead()
    {
        repair.onLeaderHeartbeat(20, 0, false, T0);
        repair.onGap(8, 5, T0 + 1);
        assertEquals(List.of("3:6..20"), requests);
    }

    @Test
    void aReplacedStateRestartsTheStandStillCheck()
    {
        repair.onLeaderHeartbeat(5, 5, true, T0);
        repair.restartHeartbeatCheck();
        assertFalse(repair.onLeaderHeartbeat(9, 5, true, T0 + 1), "the first heartbeat after the new state");
        assertTrue(repair.onLeaderHeartbeat(9, 5, true, T0 + 2));
    }
}
