package io.hedge.chaos.check;

import io.hedge.chaos.forge.ForgeKind;
import io.hedge.chaos.forge.ForgePhase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForgeriesCheckerTest
{
    private static final FaultWindows NO_FAULTS = FaultWindows.of(List.of());

    private static ForgePhase phase(final ForgeKind kind, final String target, final long start, final long sent,
        final long before, final long after)
    {
        return new ForgePhase(1, kind, target, start, start + 1_000, sent, before, after);
    }

    @Test
    void everyKindRefusedByItsTargetsPasses()
    {
        final List<ForgePhase> phases = new ArrayList<>();
        phases.add(phase(ForgeKind.HEARTBEAT, "replica-A", 1_000, 20, 0, 18));
        phases.add(phase(ForgeKind.HEARTBEAT, "replica-B", 1_000, 20, 5, 25));
        // only one gateway listens: the others' zero is fine
        phases.add(phase(ForgeKind.HEARTBEAT, "gateway-1", 1_000, 20, 0, 0));
        phases.add(phase(ForgeKind.HEARTBEAT, "gateway-2", 1_000, 20, 0, 7));
        phases.add(phase(ForgeKind.EFFECT, "sink", 3_000, 20, 0, 20));

        final CheckResult result = ForgeriesChecker.check(phases, NO_FAULTS);

        assertTrue(result.passed(), result.toString());
        assertEquals(ForgeriesChecker.NAME, result.name());
        final List<ForgeriesChecker.KindResult> kinds = ForgeriesChecker.judge(phases, NO_FAULTS);
        assertEquals(2, kinds.size());
        assertEquals(ForgeriesChecker.Outcome.REFUSED, kinds.get(0).outcome());
        assertEquals(80, kinds.get(0).sent());
        assertEquals(45, kinds.get(0).refused());
    }

    @Test
    void aReachedReplicaThatRefusedNothingFails()
    {
        final List<ForgePhase> phases = List.of(
            phase(ForgeKind.VOTE_REQUEST, "replica-A", 1_000, 20, 0, 20),
            phase(ForgeKind.VOTE_REQUEST, "replica-C", 1_000, 20, 3, 3));

        final CheckResult result = ForgeriesChecker.check(phases, NO_FAULTS);

        assertFalse(result.passed());
        assertTrue(result.counterExample().detail().contains("vote-request"), result.toString());
        assertTrue(result.counterExample().detail().contains("replica-C"), result.toString());
    }

    @Test
    void gatewaysThatAllRefusedNothingFail()
    {
        final List<ForgePhase> phases = List.of(
            phase(ForgeKind.CONNECT_FOREIGN, "gateway-1", 1_000, 20, 0, 0),
            phase(ForgeKind.CONNECT_FOREIGN, "gateway-2", 1_000, 20, 4, 4));

        final CheckResult result = ForgeriesChecker.check(phases, NO_FAULTS);

        assertFalse(result.passed());
        assertTrue(result.counterExample().detail().contains("any gateway"), result.toString());
    }

    @Test
    void aTargetKilledPausedOrUnreadableIsNotReachedInsteadOfFailing()
    {
        final FaultWindows faults = FaultWindows.of(List.of(
            new FaultWindows.Window(500, 1_500, "#3 kill replica-B"),
            new FaultWindows.Window(2_900, 3_100, "#4 pause sink")));
        final List<ForgePhase> phases = List.of(
            phase(ForgeKind.HEARTBEAT, "replica-A", 1_000, 20, 0, 9),
            phase(ForgeKind.HEARTBEAT, "replica-B", 1_000, 20, 0, 0),
            // a restarted replica counts from zero: its counters went back
            phase(ForgeKind.HEARTBEAT, "replica-C", 1_000, 20, 40, 2),
            phase(ForgeKind.EFFECT, "sink", 3_000, 20, 0, 0),
            // counters not readable: the role's driver was gone
            phase(ForgeKind.VOTE, "gateway-1", 5_000, 20, -1, 4));

        final CheckResult result = ForgeriesChecker.check(phases, faults);

        assertTrue(result.passed(), result.toString());
        final List<ForgeriesChecker.KindResult> kinds = ForgeriesChecker.judge(phases, faults);
        assertEquals(ForgeriesChecker.Outcome.REFUSED, kinds.get(0).outcome());
        assertEquals(9, kinds.get(0).refused());
        assertEquals(ForgeriesChecker.Outcome.NOT_REACHED, kinds.get(1).outcome(), kinds.toString());
        assertEquals(ForgeriesChecker.Outcome.NOT_REACHED, kinds.get(2).outcome(), kinds.toString());
        assertTrue(result.checked().contains("not reached: vote, effect"), result.checked());
    }

    @Test
    void anIsolatedSiteSilencesItsReplicaButNotTheOthers()
    {
        final FaultWindows faults = FaultWindows.of(List.of(
            new FaultWindows.Window(0, 10_000, "#2 isolate site B: {gateway-2, replica-B} | {...}")));
        assertFalse(ForgeriesChecker.reached(phase(ForgeKind.HEARTBEAT, "replica-B", 1_000, 20, 0, 0), faults));
        assertTrue(ForgeriesChecker.reached(phase(ForgeKind.HEARTBEAT, "replica-A", 1_000, 20, 0, 0), faults));
        // a fault that ended before the phase began silences nothing
        assertTrue(ForgeriesChecker.reached(phase(ForgeKind.HEARTBEAT, "replica-B", 20_000, 20, 0, 1), faults));
    }

    @Test
    void nothingSentFails()
    {
        final CheckResult result = ForgeriesChecker.check(List.of(), NO_FAULTS);
        assertFalse(result.passed());
        assertTrue(result.counterExample().detail().contains("sent nothing"));
    }

    @Test
    void phasesRoundTripThroughTheirLines()
    {
        final ForgePhase phase = new ForgePhase(2, ForgeKind.EPOCH_JUMP, "gateway-3", 17, 1_017, 19, -1, 12);
        assertEquals(phase, ForgePhase.parse(phase.line()));
        assertNull(ForgePhase.parse("forge window 2 sent: heartbeat=3"));
        assertNull(ForgePhase.parse("PHASE 2 no-such-kind gateway-3 17 1017 sent=19 before=-1 after=12"));
    }
}
