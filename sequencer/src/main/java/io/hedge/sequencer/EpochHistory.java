package io.hedge.sequencer;

import org.agrona.collections.LongArrayList;

/**
 * Where each epoch begins in a journal: the first seq journaled in it. Epochs rise with seq, so a journal is a run of
 * epochs; a copy of the journal that ends in epoch {@code e} at seq {@code s} agrees with this one up to
 * {@link #lastSeqAtOrBefore(long) lastSeqAtOrBefore(e)} and no further (a later epoch re-sequenced what came after).
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
