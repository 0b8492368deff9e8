package io.hedge.chaos.nemesis;

/**
 * One fault of a schedule, with its times relative to the start of the run.
 *
 * @param number  from 1, in order of start (forge windows after every other fault, {@link ForgeWindows}): the
 *                fault's name in the nemesis log.
 * @param startMs when it starts, ms after the run's start.
 * @param endMs   when it ends, after its start.
 * @param kind    what kind of fault it is.
 * @param fault   the fault.
 */
public record ScheduledFault(int number, long startMs, long endMs, FaultKind kind, Fault fault)
{
    public ScheduledFault
    {
        if (startMs < 0 || endMs <= startMs)
        {
            throw new IllegalArgumentException("fault " + number + " must end after it starts, at or after 0: " +
                startMs + ".." + endMs + " ms");
        }
    }

    /**
     * @return "#3 12000..14500 ms kill replica-B", a line that is the same for the same seed.
     */
    public String line()
    {
        return "#" + number + " " + startMs + ".." + endMs + " ms " + kind.label() + ": " + fault.describe();
    }
}
