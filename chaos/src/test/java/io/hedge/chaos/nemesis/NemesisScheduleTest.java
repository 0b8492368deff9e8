package io.hedge.chaos.nemesis;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.hedge.chaos.nemesis.FakeFabric.ROLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NemesisScheduleTest
{
    private static final Set<FaultKind> ALL = FaultKind.parse("all");

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother()
    {
        for (final long seed : new long[]{1, 42, -7})
        {
            assertEquals(NemesisSchedule.mixed(seed, 300_000, ROLES, ALL).lines(),
                NemesisSchedule.mixed(seed, 300_000, ROLES, ALL).lines());
            assertEquals(NemesisSchedule.oneOfEach(seed, 60_000, ROLES, ALL).lines(),
                NemesisSchedule.oneOfEach(seed, 60_000, ROLES, ALL).lines());
        }
        assertNotEquals(NemesisSchedule.mixed(1, 300_000, ROLES, ALL).lines(),
            NemesisSchedule.mixed(2, 300_000, ROLES, ALL).lines());
        assertNotEquals(NemesisSchedule.oneOfEach(1, 60_000, ROLES, ALL).lines(),
            NemesisSchedule.oneOfEach(2, 60_000, ROLES, ALL).lines());
    }

    @Test
    void oneOfEachKindFitsInAMinuteOneAtATime()
    {
        for (long seed = 0; seed < 50; seed++)
        {
            final NemesisSchedule schedule = NemesisSchedule.oneOfEach(seed, 60_000, ROLES, ALL);
            final List<FaultKind> kinds = schedule.faults().stream().map(ScheduledFault::kind).toList();

            assertEquals(FaultKind.values().length, kinds.size(), schedule.lines().toString());
            assertEquals(EnumSet.allOf(FaultKind.class), EnumSet.copyOf(kinds), schedule.lines().toString());
            assertEquals(1, schedule.maxConcurrent(), schedule.lines().toString());
            assertShape(schedule);
        }
    }

    @Test
    void mixedSchedulesKeepTheirBoundsAndRules()
    {
        boolean sawTwoAtOnce = false;
        for (long seed = 0; seed < 200; seed++)
        {
            final NemesisSchedule schedule = NemesisSchedule.mixed(seed, 180_000, ROLES, ALL);
            assertTrue(schedule.faults().size() >= 20, schedule.lines().toString());
            assertTrue(schedule.maxConcurrent() <= 2, schedule.lines().toString());
            sawTwoAtOnce |= schedule.maxConcurrent() == 2;
            assertShape(schedule);
            for (final ScheduledFault a : schedule.faults())
            {
                for (final ScheduledFault b : schedule.faults())
                {
                    // forge windows add traffic, take nothing away: they may overlap anything
                    if (a != b && a.startMs() < b.endMs() && b.startMs() < a.endMs() &&
                        a.kind() != FaultKind.FORGE && b.kind() != FaultKind.FORGE)
                    {
                        assertTrue(!a.kind().network() && !b.kind().network(), "network faults overlap: " + a.line() +
                            " / " + b.line());
                        assertNotEquals(target(a), target(b), "two faults at once on one role: " + a.line());
                    }
                }
            }
        }
        assertTrue(sawTwoAtOnce, "some schedule overlaps two faults");
    }

    @Test
    void onlyTheChosenKindsAreDrawn()
    {
        final NemesisSchedule schedule = NemesisSchedule.mixed(3, 120_000, ROLES, FaultKind.parse("kill, split-active-pair"));

        assertTrue(schedule.faults().stream().allMatch(
            f -> f.kind() == FaultKind.KILL || f.kind() == FaultKind.SPLIT_ACTIVE_PAIR), schedule.lines().toString());
        assertTrue(schedule.faults().stream().filter(f -> f.kind() == FaultKind.KILL)
            .allMatch(f -> f.fault() instanceof KillRestart k && k.role().kind() != io.hedge.chaos.run.RoleKind.CLIENT));
    }

    @Test
    void unknownKindsAndTooShortRunsAreRefusedWithAReason()
    {
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> FaultKind.parse("kill,flood"));
        assertTrue(unknown.getMessage().contains("flood") && unknown.getMessage().contains("disk-full"));

        // forge takes no slot of its own
        final long shortest = NemesisSchedule.minimumOneOfEachMs(ALL.size() - 1);
        assertThrows(IllegalArgumentException.class, () -> NemesisSchedule.oneOfEach(1, shortest - 2_000, ROLES, ALL));
        assertEquals(ALL.size(), NemesisSchedule.oneOfEach(1, shortest, ROLES, ALL).faults().size());
    }

    private static void assertShape(final NemesisSchedule schedule)
    {
        final long horizon = schedule.durationMs() - NemesisSchedule.finalQuietMs(schedule.durationMs());
        for (final ScheduledFault fault : schedule.faults())
        {
            final long length = fault.endMs() - fault.startMs();
            assertTrue(fault.startMs() >= NemesisSchedule.INITIAL_QUIET_MS, fault.line());
            assertTrue(length <= (fault.kind() == FaultKind.FORGE ? ForgeWindows.MAX_LENGTH_MS :
                NemesisSchedule.MAX_FAULT_MS), fault.line());
            assertTrue(fault.endMs() <= horizon, "in the final quiet period: " + fault.line());
        }
    }

    private static Object target(final ScheduledFault fault)
    {
        final Fault f = fault.fault();
        if (f instanceof KillRestart k)
        {
            return k.role();
        }
        if (f instanceof PauseResume p)
        {
            return p.role();
        }
        if (f instanceof ReceiveLoss l)
        {
            return l.role();
        }
        if (f instanceof SlowReplica s)
        {
            return s.role();
        }
        return f instanceof DiskFull d ? d.role() : fault;
    }
}
