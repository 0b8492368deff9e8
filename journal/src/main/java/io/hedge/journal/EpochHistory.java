package io.hedge.journal;

import org.agrona.collections.LongArrayList;

/**
 * Where each epoch begins in a journal: the first seq journaled in it. Epochs rise with seq, so a journal is a run of
 * epochs; a copy of the journal that ends in epoch {@code e} at seq {@code s} agrees with this one up to
 * {@link #lastSeqAtOrBefore(long) lastSeqAtOrBefore(e)} and no further (a later epoch re-sequenced what came after).
 * <p>
 * Log matching: an epoch has one leader, which sequences each seq once in it, and every copy of an entry keeps the
 * epoch it was sequenced in, so two journals that hold an entry of the same epoch at the same seq hold the same
 * entries up to there. {@link #agreedPrefix} finds the last such seq between this history and another one's newest
 * entries (sent in a heartbeat or a vote), which is how far a journal may be kept when it meets a new leader's.
 */
public final class EpochHistory
{
    private final LongArrayList epochs = new LongArrayList();
    private final LongArrayList firstSeqs = new LongArrayList();
    private long lastSeq;

    /**
     * Record one journaled entry, in seq order.
     */
    public void onEntry(final long epoch, final long seq)
    {
        final int size = epochs.size();
        if (size == 0 || epochs.getLong(size - 1) != epoch)
        {
            if (size > 0 && epoch < epochs.getLong(size - 1))
            {
                throw new IllegalStateException("epoch " + epoch + " at seq " + seq + " after epoch " +
                    epochs.getLong(size - 1) + ": a journal's epochs never fall");
            }
            epochs.addLong(epoch);
            firstSeqs.addLong(seq);
        }
        lastSeq = seq;
    }

    /**
     * @return the last seq whose entry is from {@code epoch} or an earlier one.
     */
    public long lastSeqAtOrBefore(final long epoch)
    {
        for (int i = 0; i < epochs.size(); i++)
        {
            if (epochs.getLong(i) > epoch)
            {
                return firstSeqs.getLong(i) - 1;
            }
        }
        return lastSeq;
    }

    /**
     * @return the epoch of the entry at the last seq, 0 when there is none.
     */
    public long lastEpoch()
    {
        return epochs.isEmpty() ? 0 : epochs.getLong(epochs.size() - 1);
    }

    public long lastSeq()
    {
        return lastSeq;
    }

    /**
     * @return how many epochs the history holds.
     */
    public int size()
    {
        return epochs.size();
    }

    /**
     * @return the epoch of the {@code index}th run of the history, oldest first.
     */
    public long epochAt(final int index)
    {
        return epochs.getLong(index);
    }

    /**
     * @return the first seq of the {@code index}th run of the history, oldest first.
     */
    public long startSeqAt(final int index)
    {
        return firstSeqs.getLong(index);
    }

    /**
     * @return the first seq this history holds, 0 when it is empty.
     */
    public long firstSeq()
    {
        return firstSeqs.isEmpty() ? 0 : firstSeqs.getLong(0);
    }

    /**
     * @return the epoch of the entry at {@code seq}, 0 when this history does not hold it.
     */
    public long epochOf(final long seq)
    {
        if (epochs.isEmpty() || seq < firstSeqs.getLong(0) || seq > lastSeq)
        {
            return 0;
        }
        for (int i = epochs.size() - 1; i >= 0; i--)
        {
            if (firstSeqs.getLong(i) <= seq)
            {
                return epochs.getLong(i);
            }
        }
        return 0;
    }

    /**
     * The state up to {@code seq} is a snapshot's (a journal begun after it, as a replica bootstrapped from a peer's
     * snapshot has): put the snapshot's last entry, of {@code epoch}, before the runs, so that where this journal
     * agrees with a leader's can be told at that seq too. Ignored when it would contradict the runs (an epoch above
     * the first run's, or a seq not before it).
     */
    public void seedSnapshot(final long epoch, final long seq)
    {
        if (epoch <= 0 || seq <= 0)
        {
            return;
        }
        if (epochs.isEmpty())
        {
            epochs.addLong(epoch);
            firstSeqs.addLong(seq);
            lastSeq = seq;
            return;
        }
        if (seq >= firstSeqs.getLong(0) || epoch > epochs.getLong(0))
        {
            return;
        }
        if (epochs.getLong(0) == epoch)
        {
            firstSeqs.setLong(0, seq);
        }
        else
        {
            epochs.addLong(0, epoch);
            firstSeqs.addLong(0, seq);
        }
    }

    /**
     * Cut the history after {@code seq}, as the journal was cut.
     */
    public void truncateTo(final long seq)
    {
        if (seq >= lastSeq)
        {
            return;
        }
        while (!epochs.isEmpty() && firstSeqs.getLong(epochs.size() - 1) > seq)
        {
            epochs.removeAt(epochs.size() - 1);
            firstSeqs.removeAt(firstSeqs.size() - 1);
        }
        lastSeq = epochs.isEmpty() ? 0 : seq;
    }

    /**
     * The last seq on which this journal and another agree, from this history and the other's newest runs.
     *
     * @param otherEpochs    the other's epochs, oldest first (its newest {@code count} runs, or all of them).
     * @param otherStarts    the first seq of each of those runs.
     * @param count          how many runs are given.
     * @param otherLastSeq   the other journal's last seq.
     * @return the last agreed seq (0 when they agree on nothing), or -1 when it cannot be told from what is held:
     * the agreement lies before the runs given, or before the first seq this journal holds (it starts after a
     * snapshot).
     */
    public long agreedPrefix(
        final long[] otherEpochs, final long[] otherStarts, final int count, final long otherLastSeq)
    {
        long seq = Math.min(lastSeq, otherLastSeq);
        while (seq > 0)
        {
            final int mine = runOf(seq);
            final int theirs = runOf(otherStarts, count, seq);
            if (mine < 0 || theirs < 0)
            {
                // before the first run one side holds (a journal that starts after a snapshot, or runs left out)
                return -1;
            }
            final long myEpoch = epochs.getLong(mine);
            final long theirEpoch = otherEpochs[theirs];
            if (myEpoch == theirEpoch)
            {
                return seq;
            }
            // the later epoch re-sequenced from its start: agreement, if any, ends before it
            seq = myEpoch > theirEpoch ? firstSeqs.getLong(mine) - 1 : otherStarts[theirs] - 1;
        }
        return 0;
    }

    private int runOf(final long seq)
    {
        if (seq > lastSeq)
        {
            return -1;
        }
        for (int i = epochs.size() - 1; i >= 0; i--)
        {
            if (firstSeqs.getLong(i) <= seq)
            {
                return i;
            }
        }
        return -1;
    }

    private static int runOf(final long[] starts, final int count, final long seq)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            if (starts[i] <= seq)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Forget everything; the owner replays its journal into it again (after cutting the journal).
     */
    public void clear()
    {
        epochs.clear();
        firstSeqs.clear();
        lastSeq = 0;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("EpochHistory{");
        for (int i = 0; i < epochs.size(); i++)
        {
            sb.append(i == 0 ? "" : ", ").append("epoch ").append(epochs.getLong(i)).append(" from seq ")
                .append(firstSeqs.getLong(i));
        }
        return sb.append(", last seq ").append(lastSeq).append('}').toString();
    }
}
