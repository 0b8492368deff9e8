package io.hedge.chaos.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When the forger acts: windows drawn from a random source of their own, seeded from the run's seed but apart from
 * the schedule's, so that adding {@code forge} to a run leaves every other fault of its seed where it was (the
 * findings of earlier runs are replayed by seed). A one-of-each schedule has one window; a mixed one a window for each
 * started minute of its faulty part. Windows do not overlap each other, may overlap any other fault, and fall between
 * the initial quiet period and the final one.
 */
final class ForgeWindows
{
    /** Mixed into the run's seed: the windows' source is not the schedule's. */
    static final long SALT = 0x666F726765L;
    static final long MIN_LENGTH_MS = 10_000;
    static final long MAX_LENGTH_MS = 14_000;
    private static final long PER_WINDOW_MS = 60_000;

    private ForgeWindows()
    {
    }

    /**
     * @param seed      the run's seed.
     * @param startMs   the earliest start (after the initial quiet period).
     * @param horizonMs the latest end (before the final quiet period).
     * @param oneOfEach one window only.
     * @param first     the number of the first window's fault.
     * @return the windows, in order, each a {@link ScheduledFault} of kind {@link FaultKind#FORGE}.
     */
    static List<ScheduledFault> draw(final long seed, final long startMs, final long horizonMs,
        final boolean oneOfEach, final int first)
    {
        final SplittableRandom random = new SplittableRandom(seed ^ SALT);
        final long span = horizonMs - startMs;
        final List<ScheduledFault> windows = new ArrayList<>();
        if (span < MIN_LENGTH_MS)
        {
            return windows;
        }
        final int count = oneOfEach ? 1 : (int)Math.max(1, (span + PER_WINDOW_MS - 1) / PER_WINDOW_MS);
        final long slotMs = span / count;
        for (int i = 0; i < count; i++)
        {
            final long slotStart = startMs + i * slotMs;
            final long length = NemesisSchedule.between(random, MIN_LENGTH_MS, Math.min(MAX_LENGTH_MS, slotMs));
            if (length > slotMs)
            {
                break;
            }
            final long start = slotStart + NemesisSchedule.between(random, 0, slotMs - length);
            windows.add(new ScheduledFault(first + i, start, start + length, FaultKind.FORGE,
                new ForgeWindow(i + 1, length)));
        }
        return windows;
    }
}
