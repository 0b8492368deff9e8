package io.hedge.chaos;

/**
 * What an effects sink holds and what it decides about each effect that arrives (protocol v2, rule 7): the epoch it
 * follows, the last effect it applied {@code (lastSeq, lastIndex)} and how many effects that seq has. An effect is
 * applied only if it follows the last one exactly: the next index of the same seq, or index 0 of a later seq whose
 * {@code previousSeq} is the last seq and only once that seq is complete. Anything else after the position is a gap:
 * not applied, so that what is applied never has a hole; the sink reports its position and the gateway resumes from
 * it. No I/O, no clock: the sink's decisions alone, for tests without a media driver.
 */
public final class SinkLedger
{
    /** What becomes of an effect. */
    public enum Verdict
    {
        /** Follows the last one: applied. */
        ACCEPT,
        /** At or before the position: applied already, dropped. */
        DUPLICATE,
        /** From a gateway of an older epoch than the one followed: dropped. */
        STALE,
        /** After the position but not next: something between is missing. Dropped; the position is reported. */
        GAP
    }

    private long epoch;
    private long lastSeq;
    private int lastIndex = -1;
    /** How many effects lastSeq has, 0 when not known (an old effect log). */
    private int lastCount;

    /**
     * Start from a position kept by an earlier run.
     *
     * @param count how many effects seq has, 0 if not known.
     */
    public void resumeFrom(final long seq, final int index, final int count)
    {
        lastSeq = seq;
        lastIndex = index;
        lastCount = count;
    }

    /**
     * @return true if the hello's epoch is adopted (the same or a newer one than followed): answer with the position.
     */
    public boolean onHello(final long helloEpoch)
    {
        if (helloEpoch < epoch)
        {
            return false;
        }
        epoch = helloEpoch;
        return true;
    }

    /**
     * @param count       the seq's effect count, 0 if the sender did not say (schema version 1).
     * @param previousSeq the last seq with effects before this one, as the sender knows it; checked at index 0.
     */
    public Verdict onEffect(final long effectEpoch, final long seq, final int index, final int count,
        final long previousSeq)
    {
        if (effectEpoch < epoch)
        {
            return Verdict.STALE;
        }
        // a gateway does not send before its hello is answered; follow it all the same
        epoch = effectEpoch;
        if (seq < lastSeq || (seq == lastSeq && index <= lastIndex))
        {
            return Verdict.DUPLICATE;
        }
        if (count > 0 && !follows(seq, index, count, previousSeq))
        {
            return Verdict.GAP;
        }
        lastSeq = seq;
        lastIndex = index;
        lastCount = count;
        return Verdict.ACCEPT;
    }

    private boolean follows(final long seq, final int index, final int count, final long previousSeq)
    {
        if (seq == lastSeq)
        {
            return index == lastIndex + 1 && (0 == lastCount || count == lastCount);
        }
        final boolean lastComplete = 0 == lastCount || lastIndex == lastCount - 1;
        return 0 == index && previousSeq == lastSeq && lastComplete;
    }

    public long epoch()
    {
        return epoch;
    }

    public long lastSeq()
    {
        return lastSeq;
    }

    public int lastIndex()
    {
        return lastIndex;
    }

    public int lastCount()
    {
        return lastCount;
    }
}
