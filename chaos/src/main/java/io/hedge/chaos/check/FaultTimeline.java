package io.hedge.chaos.check;

/**
 * The nemesis log as the checkers see it: which fault was active at a moment, and when the last one ended. Implemented
 * by the nemesis's log (or by {@link FaultWindows} built from it).
 */
public interface FaultTimeline
{
    /**
     * @param epochMs a wall-clock time, ms since the epoch.
     * @return the fault (or faults, joined with "; ") active then, or null if none was.
     */
    String activeAt(long epochMs);

    /**
     * @return when the last fault of the run ended, ms since the epoch; 0 if there were none.
     */
    long lastFaultEndMs();

    /**
     * @return how many faults were injected.
     */
    int faultCount();

    /**
     * @return a timeline with no faults.
     */
    static FaultTimeline none()
    {
        return FaultWindows.of(java.util.List.of());
    }
}
