package io.hedge.ops;

import io.hedge.codecs.ops.Hop;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hops one role measures, each a {@link HopRecorder}. Recorders are added while the role is built; from then on
 * the set is fixed, so the reporter and the Prometheus endpoint can walk it from their threads without a lock.
 */
public final class RoleHistograms
{
    private final List<HopRecorder> recorders = new ArrayList<>();
    private volatile List<HopRecorder> published = List.of();
    private long intervalStartMs;

    /**
     * @return a new recorder of this hop and subject, part of every report from now on.
     */
    public synchronized HopRecorder add(final Hop hop, final int subjectId)
    {
        for (final HopRecorder recorder : recorders)
        {
            if (recorder.hop() == hop && recorder.subjectId() == subjectId)
            {
                return recorder;
            }
        }
        final HopRecorder recorder = new HopRecorder(hop, subjectId);
        recorders.add(recorder);
        published = Collections.unmodifiableList(new ArrayList<>(recorders));
        return recorder;
    }

    /**
     * The first interval begins now (wall clock): without it, the first one is taken to begin at its end.
     */
    public void startInterval(final long nowMs)
    {
        if (0 == intervalStartMs)
        {
            intervalStartMs = nowMs;
        }
    }

    /**
     * Swap every recorder: the end of an interval. On the role's agent thread.
     */
    public void swapAll(final long nowMs)
    {
        final long startMs = 0 == intervalStartMs ? nowMs : intervalStartMs;
        final List<HopRecorder> all = published;
        for (int i = 0, n = all.size(); i < n; i++)
        {
            all.get(i).swap(startMs, nowMs);
        }
        intervalStartMs = nowMs;
    }

    /**
     * @param consumer of each recorder, in the order they were added.
     */
    public void forEach(final Consumer<HopRecorder> consumer)
    {
        final List<HopRecorder> all = published;
        for (int i = 0, n = all.size(); i < n; i++)
        {
            consumer.accept(all.get(i));
        }
    }

    /**
     * @return the recorders, in the order they were added.
     */
    public List<HopRecorder> recorders()
    {
        return published;
    }

    /**
     * @return the last interval's histogram of this hop and subject, or null (tests and tools on the swapping thread).
     */
    public Histogram lastInterval(final Hop hop, final int subjectId)
    {
        for (final HopRecorder recorder : published)
        {
            if (recorder.hop() == hop && recorder.subjectId() == subjectId)
            {
                return recorder.lastInterval();
            }
        }
        return null;
    }
}
