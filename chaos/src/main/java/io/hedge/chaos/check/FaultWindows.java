package io.hedge.chaos.check;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FaultTimeline} from a list of fault windows, each with its start and end.
 */
public final class FaultWindows implements FaultTimeline
{
    /**
     * One fault of the run.
     *
     * @param startMs     when it started, ms since the epoch.
     * @param endMs       when it ended (undone), ms since the epoch.
     * @param description as the nemesis describes it ("kill replica-B").
     */
    public record Window(long startMs, long endMs, String description)
    {
    }

    private final List<Window> windows;

    private FaultWindows(final List<Window> windows)
    {
        this.windows = windows;
    }

    public static FaultWindows of(final List<Window> windows)
    {
        return new FaultWindows(List.copyOf(windows));
    }

    @Override
    public String activeAt(final long epochMs)
    {
        final List<String> active = new ArrayList<>();
        for (final Window w : windows)
        {
            if (epochMs >= w.startMs() && epochMs < w.endMs())
            {
                active.add(w.description());
            }
        }
        return active.isEmpty() ? null : String.join("; ", active);
    }

    @Override
    public long lastFaultEndMs()
    {
        long last = 0;
        for (final Window w : windows)
        {
            last = Math.max(last, w.endMs());
        }
        return last;
    }

    @Override
    public int faultCount()
    {
        return windows.size();
    }

    public List<Window> windows()
    {
        return windows;
    }
}
