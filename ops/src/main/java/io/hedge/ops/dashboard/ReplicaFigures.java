package io.hedge.ops.dashboard;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * What the active gateway's reports say of one replica: the answers it won (a total since the gateway started, and how
 * many in the last minute) and its lag, over time.
 */
final class ReplicaFigures
{
    private final int replicaId;
    private long winsTotal = -1;
    /** {atMs, winsTotal}, oldest first, the last minute: the base of "won in the last minute". */
    private final ArrayDeque<long[]> wins = new ArrayDeque<>();
    private long lagSeq = -1;
    private long lagMs = -1;
    /** {atMs, lagSeq, lagMs}, oldest first. */
    private final ArrayDeque<long[]> lag = new ArrayDeque<>();

    ReplicaFigures(final int replicaId)
    {
        this.replicaId = replicaId;
    }

    int replicaId()
    {
        return replicaId;
    }

    void wins(final long atMs, final long total)
    {
        if (total < winsTotal)
        {
            // a new active gateway counts from its own start: the old history says nothing about its totals
            wins.clear();
        }
        winsTotal = total;
        wins.addLast(new long[]{atMs, total});
    }

    void lag(final long atMs, final long seqs, final long ms)
    {
        if (seqs >= 0)
        {
            lagSeq = seqs;
        }
        if (ms >= 0)
        {
            lagMs = ms;
        }
        final long[] last = lag.peekLast();
        if (null != last && last[0] == atMs)
        {
            last[1] = lagSeq;
            last[2] = lagMs;
        }
        else
        {
            lag.addLast(new long[]{atMs, lagSeq, lagMs});
        }
    }

    void prune(final long nowMs)
    {
        // keep one point at or before the minute's start: it is the base the minute's wins are counted from
        while (wins.size() > 1)
        {
            final Iterator<long[]> oldest = wins.iterator();
            oldest.next();
            if (oldest.next()[0] > nowMs - LatencySeries.SPECTRUM_MS)
            {
                break;
            }
            wins.removeFirst();
        }
        while (!lag.isEmpty() && lag.peekFirst()[0] <= nowMs - LatencySeries.HISTORY_MS)
        {
            lag.removeFirst();
        }
    }

    /**
     * @return the total the active gateway last reported, or -1 when none has.
     */
    long winsTotal()
    {
        return winsTotal;
    }

    /**
     * @return answers won since the oldest report of the last minute (all of them if the history is shorter).
     */
    long winsLastMinute()
    {
        if (wins.isEmpty())
        {
            return 0;
        }
        final long[] first = wins.peekFirst();
        return wins.size() == 1 ? 0 : winsTotal - first[1];
    }

    long lagSeq()
    {
        return lagSeq;
    }

    long lagMs()
    {
        return lagMs;
    }

    Iterator<long[]> lagPoints()
    {
        return lag.iterator();
    }
}
