package io.hedge.chaos.nemesis;

import io.hedge.chaos.run.RoleId;
import io.hedge.chaos.run.RoleKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The faults of one run, drawn from a seed: the same seed, duration, roles (in the same order) and kinds give the same
 * schedule, fault for fault and millisecond for millisecond.
 *
 * <p>The shape of every schedule:
 * <ul>
 *     <li>nothing happens in the first {@value #INITIAL_QUIET_MS} ms (clients connect, the first term starts);</li>
 *     <li>each fault lasts {@value #MIN_FAULT_MS}..{@value #MAX_FAULT_MS} ms;</li>
 *     <li>at most two faults are active at once. Faults follow each other with a quiet gap
 *     ({@value #MIN_GAP_MS}..{@value #MAX_GAP_MS} ms in a mixed schedule); in a mixed schedule, a quarter of the
 *     faults that act on one role ({@link FaultKind#network()} false) get a second such fault, on another role,
 *     starting while the first is active. Network faults never overlap anything, because cuts are not counted:
 *     two partitions sharing a link would heal each other's cut;</li>
 *     <li>the last {@link #finalQuietMs} ms (a tenth of the run, at least {@value #MIN_FINAL_QUIET_MS} ms) are free
 *     of faults, so the fabric heals and goes quiet before the checkers run.</li>
 * </ul>
 * {@link #oneOfEach} gives every chosen kind exactly once, in a seeded order, one at a time, each in an equal slot of
 * the run; {@link #mixed} draws kinds at random, as many as fit. {@link FaultKind#FORGE} is the exception: its windows
 * come from a source of their own ({@link ForgeWindows}), overlap other faults, and are numbered after them, so that
 * a seed's other faults are the same with or without it.
 */
public final class NemesisSchedule
{
    public static final long INITIAL_QUIET_MS = 3_000;
    public static final long MIN_FINAL_QUIET_MS = 10_000;
    public static final long MIN_FAULT_MS = 1_000;
    public static final long MAX_FAULT_MS = 4_000;
    public static final long MIN_GAP_MS = 1_000;
    public static final long MAX_GAP_MS = 3_000;
    /** The least gap between two faults of a one-of-each schedule. */
    public static final long MIN_SLOT_GAP_MS = 300;

    private final long durationMs;
    private final List<ScheduledFault> faults;

    private NemesisSchedule(final long durationMs, final List<ScheduledFault> faults)
    {
        this.durationMs = durationMs;
        this.faults = List.copyOf(faults);
    }

    /**
     * A schedule of given faults, for tests and for replaying a hand-written scenario.
     */
    public static NemesisSchedule of(final long durationMs, final List<ScheduledFault> faults)
    {
        final List<ScheduledFault> sorted = new ArrayList<>(faults);
        sorted.sort(Comparator.comparingLong(ScheduledFault::startMs));
        return new NemesisSchedule(durationMs, sorted);
    }

    /**
     * @param seed       the run's seed.
     * @param durationMs the run's length, final quiet period included.
     * @param roles      every role of the run, in the orchestrator's fixed order.
     * @param kinds      the kinds to draw from ({@link FaultKind#parse}); kinds the roles cannot support (a gateway cut
     *                   with one gateway) are left out.
     * @return random kinds, one after another with gaps, as many as fit.
     */
    public static NemesisSchedule mixed(
        final long seed, final long durationMs, final List<RoleId> roles, final Set<FaultKind> kinds)
    {
        final Set<FaultKind> drawn = withoutForge(kinds);
        final List<ScheduledFault> faults = drawn.isEmpty() ? new ArrayList<>() :
            mixedFaults(seed, durationMs, roles, drawn);
        return withForgeWindows(seed, durationMs, kinds, false, faults);
    }

    private static List<ScheduledFault> mixedFaults(
        final long seed, final long durationMs, final List<RoleId> roles, final Set<FaultKind> kinds)
    {
        final FaultDraw draw = new FaultDraw(new SplittableRandom(seed), roles);
        final List<FaultKind> usable = draw.usable(kinds);
        final SplittableRandom random = draw.random();
        final long horizonMs = durationMs - finalQuietMs(durationMs);
        final List<ScheduledFault> faults = new ArrayList<>();
        long t = INITIAL_QUIET_MS;
        while (true)
        {
            final long length = between(random, MIN_FAULT_MS, MAX_FAULT_MS);
            if (t + length > horizonMs)
            {
                break;
            }
            final FaultKind kind = usable.get(random.nextInt(usable.size()));
            final FaultDraw.Drawn first = draw.draw(kind);
            faults.add(new ScheduledFault(faults.size() + 1, t, t + length, kind, first.fault()));
            long lastEndMs = t + length;
            if (!kind.network() && random.nextInt(4) == 0)
            {
                final FaultDraw.Drawn second = draw.drawOnOtherRole(usable, first.target());
                if (null != second)
                {
                    final long start = between(random, t, t + length - 200);
                    final long end = Math.min(horizonMs, start + between(random, MIN_FAULT_MS, MAX_FAULT_MS));
                    if (end > start)
                    {
                        faults.add(new ScheduledFault(faults.size() + 1, start, end, second.kind(), second.fault()));
                        lastEndMs = Math.max(lastEndMs, end);
                    }
                }
            }
            t = lastEndMs + between(random, MIN_GAP_MS, MAX_GAP_MS);
        }
        return faults;
    }

    /**
     * @return every kind exactly once, one at a time, in a seeded order.
     * @throws IllegalArgumentException if the run is too short to give each kind a slot of a fault and a gap.
     */
    public static NemesisSchedule oneOfEach(
        final long seed, final long durationMs, final List<RoleId> roles, final Set<FaultKind> kinds)
    {
        final Set<FaultKind> drawn = withoutForge(kinds);
        final List<ScheduledFault> faults = drawn.isEmpty() ? new ArrayList<>() :
            oneOfEachFaults(seed, durationMs, roles, drawn);
        return withForgeWindows(seed, durationMs, kinds, true, faults);
    }

    private static List<ScheduledFault> oneOfEachFaults(
        final long seed, final long durationMs, final List<RoleId> roles, final Set<FaultKind> kinds)
    {
        final FaultDraw draw = new FaultDraw(new SplittableRandom(seed), roles);
        final List<FaultKind> order = new ArrayList<>(draw.usable(kinds));
        final SplittableRandom random = draw.random();
        shuffle(order, random);
        final long horizonMs = durationMs - finalQuietMs(durationMs);
        final long slotMs = (horizonMs - INITIAL_QUIET_MS) / order.size();
        if (slotMs < MIN_FAULT_MS + 2 * MIN_SLOT_GAP_MS)
        {
            throw new IllegalArgumentException("a run of " + durationMs + " ms is too short for one fault of each of " +
                order.size() + " kinds: it needs at least " + minimumOneOfEachMs(order.size()) + " ms");
        }
        final List<ScheduledFault> faults = new ArrayList<>();
        for (int i = 0; i < order.size(); i++)
        {
            final long slotStart = INITIAL_QUIET_MS + i * slotMs;
            final long maxLength = Math.min(MAX_FAULT_MS, slotMs - 2 * MIN_SLOT_GAP_MS);
            final long length = between(random, MIN_FAULT_MS, maxLength);
            final long start = slotStart + between(random, MIN_SLOT_GAP_MS, slotMs - length - MIN_SLOT_GAP_MS);
            final FaultKind kind = order.get(i);
            faults.add(new ScheduledFault(i + 1, start, start + length, kind, draw.draw(kind).fault()));
        }
        return faults;
    }

    private static Set<FaultKind> withoutForge(final Set<FaultKind> kinds)
    {
        final Set<FaultKind> drawn = EnumSet.noneOf(FaultKind.class);
        drawn.addAll(kinds);
        drawn.remove(FaultKind.FORGE);
        return drawn;
    }

    /**
     * Add the forge windows, numbered after the other faults, from their own source ({@link ForgeWindows}): the
     * other faults stay exactly what the seed gave them before forge existed.
     */
    private static NemesisSchedule withForgeWindows(final long seed, final long durationMs, final Set<FaultKind> kinds,
        final boolean oneOfEach, final List<ScheduledFault> faults)
    {
        if (kinds.contains(FaultKind.FORGE))
        {
            faults.addAll(ForgeWindows.draw(
                seed, INITIAL_QUIET_MS, durationMs - finalQuietMs(durationMs), oneOfEach, faults.size() + 1));
            faults.sort(Comparator.comparingLong(ScheduledFault::startMs));
        }
        return new NemesisSchedule(durationMs, faults);
    }

    /**
     * @return the shortest run that {@link #oneOfEach} accepts for this many kinds.
     */
    public static long minimumOneOfEachMs(final int kinds)
    {
        final long faultsMs = INITIAL_QUIET_MS + kinds * (MIN_FAULT_MS + 2 * MIN_SLOT_GAP_MS);
        // the final quiet period is a tenth of the whole run, at least its minimum
        return Math.max(faultsMs + MIN_FINAL_QUIET_MS, (faultsMs * 10 + 8) / 9);
    }

    /**
     * @return the quiet period at the end of a run this long.
     */
    public static long finalQuietMs(final long durationMs)
    {
        return Math.max(MIN_FINAL_QUIET_MS, durationMs / 10);
    }

    public long durationMs()
    {
        return durationMs;
    }

    /**
     * @return the faults in order of start.
     */
    public List<ScheduledFault> faults()
    {
        return faults;
    }

    /**
     * @return when the last fault ends (0 if there is none): the fabric is expected to heal after this.
     */
    public long lastEndMs()
    {
        long last = 0;
        for (final ScheduledFault fault : faults)
        {
            last = Math.max(last, fault.endMs());
        }
        return last;
    }

    /**
     * @return the most faults active at one time, forge windows left out: they add traffic, they take nothing away.
     */
    public int maxConcurrent()
    {
        final TreeSet<long[]> events = new TreeSet<>(Comparator.<long[]>comparingLong(e -> e[0])
            .thenComparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
        for (final ScheduledFault fault : faults)
        {
            if (fault.kind() == FaultKind.FORGE)
            {
                continue;
            }
            // an end sorts before a start at the same instant: a fault ending at t and one starting at t never meet
            events.add(new long[]{fault.startMs(), 1, fault.number()});
            events.add(new long[]{fault.endMs(), -1, fault.number()});
        }
        int active = 0;
        int most = 0;
        for (final long[] event : events)
        {
            active += (int)event[1];
            most = Math.max(most, active);
        }
        return most;
    }

    /**
     * @return one {@link ScheduledFault#line()} per fault: what the seed reproduces.
     */
    public List<String> lines()
    {
        final List<String> lines = new ArrayList<>();
        for (final ScheduledFault fault : faults)
        {
            lines.add(fault.line());
        }
        return Collections.unmodifiableList(lines);
    }

    static long between(final SplittableRandom random, final long min, final long max)
    {
        return max <= min ? min : min + random.nextLong(max - min + 1);
    }

    static <T> void shuffle(final List<T> list, final SplittableRandom random)
    {
        // Fisher-Yates on the seeded source: Collections.shuffle wants a java.util.Random
        for (int i = list.size() - 1; i > 0; i--)
        {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    static boolean isProcessTarget(final RoleId role)
    {
        return role.kind() != RoleKind.CLIENT && role.kind() != RoleKind.FORGER;
    }
}
