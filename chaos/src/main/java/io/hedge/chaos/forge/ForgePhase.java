package io.hedge.chaos.forge;

/**
 * What the forger did to one target in one phase of a window (one kind at a time), and what the target's counters
 * said: the forger reads the target's refusal counters ({@link ForgeKind#refusalCounters()}) just before it starts
 * sending the kind and again after the phase and a short settling time, so the difference is what the target refused
 * while only that kind was being forged. One line of the forger's results file each.
 *
 * @param window      the forge window, from 1.
 * @param kind        what was forged.
 * @param target      the role sent to ("replica-B", "gateway-2", "sink").
 * @param startWallMs when the phase began, ms since the epoch.
 * @param endWallMs   when its counters were read again, ms since the epoch.
 * @param sent        messages sent to the target in the phase.
 * @param before      the target's refusal counters before, -1 if they could not be read.
 * @param after       the target's refusal counters after, -1 if they could not be read.
 */
public record ForgePhase(
    int window, ForgeKind kind, String target, long startWallMs, long endWallMs, long sent, long before, long after)
{
    private static final String PREFIX = "PHASE";

    /**
     * @return whether both readings were made and the counters did not go back (a restarted role counts from 0).
     */
    public boolean readable()
    {
        return before >= 0 && after >= before;
    }

    /**
     * @return what the target refused during the phase (meaningful when {@link #readable()}).
     */
    public long refused()
    {
        return after - before;
    }

    /**
     * @return the line in the results file.
     */
    public String line()
    {
        return PREFIX + " " + window + " " + kind.label() + " " + target + " " + startWallMs + " " + endWallMs +
            " sent=" + sent + " before=" + before + " after=" + after;
    }

    /**
     * @return the phase of a results line, or null if the line is not one.
     */
    public static ForgePhase parse(final String line)
    {
        final String[] words = line.trim().split(" ");
        if (words.length != 9 || !PREFIX.equals(words[0]))
        {
            return null;
        }
        try
        {
            return new ForgePhase(Integer.parseInt(words[1]), ForgeKind.byLabel(words[2]), words[3],
                Long.parseLong(words[4]), Long.parseLong(words[5]), value(words[6], "sent="),
                value(words[7], "before="), value(words[8], "after="));
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static long value(final String word, final String key)
    {
        if (!word.startsWith(key))
        {
            throw new IllegalArgumentException("expected " + key + " in " + word);
        }
        return Long.parseLong(word.substring(key.length()));
    }
}
