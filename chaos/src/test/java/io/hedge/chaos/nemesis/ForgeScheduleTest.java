package io.hedge.chaos.nemesis;

import io.hedge.chaos.net.ChaosTopology;
import io.hedge.chaos.run.RoleId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adding the forge nemesis must not move any other fault of a seed: the findings of earlier runs are replayed by seed
 * (ChaosFindingsTest). The schedules below were captured from the code before forge existed, for hedge chaos's own
 * roles (three sites, three gateways, three clients, the sink), in {@code schedules-before-forge.txt}.
 */
class ForgeScheduleTest
{
    private static final List<RoleId> ROLES = ChaosTopology.roles(List.of("A", "B", "C"), 3, 3, true);
    private static final Set<FaultKind> ALL = FaultKind.parse("all");

    @Test
    void theOtherFaultsOfEachSeedAreWhatTheyWereBeforeForge() throws IOException
    {
        final Map<String, List<String>> before = captured();
        assertEquals(4, before.size());
        for (final long seed : new long[]{101, 1101, 1117})
        {
            final NemesisSchedule schedule = NemesisSchedule.mixed(seed, 180_000, ROLES, ALL);
            assertEquals(before.get("mixed " + seed + " 180000"), withoutForge(schedule), "seed " + seed);
            assertTrue(forgeWindows(schedule) >= 2, schedule.lines().toString());
        }
        final NemesisSchedule oneOfEach = NemesisSchedule.oneOfEach(20261130, 60_000, ROLES, ALL);
        assertEquals(before.get("oneOfEach 20261130 60000"), withoutForge(oneOfEach));
        assertEquals(1, forgeWindows(oneOfEach));
    }

    @Test
    void forgeWindowsAreSeededApartFromEachOtherAndWithinTheRun()
    {
        for (long seed = 0; seed < 100; seed++)
        {
            final NemesisSchedule schedule = NemesisSchedule.mixed(seed, 180_000, ROLES, ALL);
            assertEquals(schedule.lines(), NemesisSchedule.mixed(seed, 180_000, ROLES, ALL).lines());
            final long horizon = 180_000 - NemesisSchedule.finalQuietMs(180_000);
            ScheduledFault previous = null;
            int number = 0;
            for (final ScheduledFault fault : schedule.faults())
            {
                if (fault.kind() != FaultKind.FORGE)
                {
                    continue;
                }
                number++;
                assertTrue(fault.fault() instanceof ForgeWindow w && w.window() == number, fault.line());
                assertTrue(fault.startMs() >= NemesisSchedule.INITIAL_QUIET_MS && fault.endMs() <= horizon,
                    fault.line());
                assertTrue(fault.endMs() - fault.startMs() >= ForgeWindows.MIN_LENGTH_MS, fault.line());
                assertTrue(null == previous || previous.endMs() <= fault.startMs(), fault.line());
                previous = fault;
            }
            assertEquals(3, number, schedule.lines().toString());
            // numbered after the other faults
            assertEquals(schedule.faults().size(),
                schedule.faults().stream().mapToInt(ScheduledFault::number).max().orElse(0));
        }
        assertNotEquals(forgeLines(NemesisSchedule.mixed(1, 180_000, ROLES, ALL)),
            forgeLines(NemesisSchedule.mixed(2, 180_000, ROLES, ALL)));
    }

    @Test
    void forgeAloneGivesOnlyForgeWindows()
    {
        final NemesisSchedule schedule = NemesisSchedule.oneOfEach(5, 60_000, ROLES, FaultKind.parse("forge"));
        assertEquals(1, schedule.faults().size());
        assertEquals(FaultKind.FORGE, schedule.faults().get(0).kind());
    }

    private static List<String> withoutForge(final NemesisSchedule schedule)
    {
        return schedule.faults().stream().filter(f -> f.kind() != FaultKind.FORGE).map(ScheduledFault::line).toList();
    }

    private static List<String> forgeLines(final NemesisSchedule schedule)
    {
        return schedule.faults().stream().filter(f -> f.kind() == FaultKind.FORGE).map(ScheduledFault::line).toList();
    }

    private static int forgeWindows(final NemesisSchedule schedule)
    {
        return forgeLines(schedule).size();
    }

    private static Map<String, List<String>> captured() throws IOException
    {
        final Map<String, List<String>> schedules = new LinkedHashMap<>();
        try (InputStream in = ForgeScheduleTest.class.getResourceAsStream("schedules-before-forge.txt"))
        {
            assertNotNull(in, "schedules-before-forge.txt");
            List<String> current = null;
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                if (line.startsWith("#"))
                {
                    current.add(line);
                }
                else if (!line.isBlank())
                {
                    current = new ArrayList<>();
                    schedules.put(line.trim(), current);
                }
            }
        }
        return schedules;
    }
}
