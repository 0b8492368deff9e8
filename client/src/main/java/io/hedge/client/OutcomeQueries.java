package io.hedge.client;

/**
 * Outcome queries waiting for their answer: a few, in a fixed table, each resent to a new active gateway.
 * Not thread-safe; owned by its {@link HedgeSession}.
 */
final class OutcomeQueries
{
    private final long[] ids;
    private final long[] deadlinesNs;
    private final long[] sentNs;
    private final boolean[] sent;
    private int count;
    private int unsent;

    OutcomeQueries(final int capacity)
    {
        ids = new long[capacity];
        deadlinesNs = new long[capacity];
        sentNs = new long[capacity];
        sent = new boolean[capacity];
    }

    int capacity()
    {
        return ids.length;
    }

    int count()
    {
        return count;
    }

    int unsent()
    {
        return unsent;
    }

    long id(final int index)
    {
        return ids[index];
    }

    boolean isSent(final int index)
    {
        return sent[index];
    }

    long sentNs(final int index)
    {
        return sentNs[index];
    }

    long deadlineNs(final int index)
    {
        return deadlinesNs[index];
    }

    int indexOf(final long id)
    {
        if (count > 0)
        {
            for (int i = 0; i < ids.length; i++)
            {
                if (ids[i] == id)
                {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * @return the index of the new query, or -1 if the table is full.
     */
    int add(final long id, final long deadlineNs)
    {
        for (int i = 0; i < ids.length; i++)
        {
            if (ids[i] == 0)
            {
                ids[i] = id;
                deadlinesNs[i] = deadlineNs;
                sent[i] = false;
                count++;
                unsent++;
                return i;
            }
        }
        return -1;
    }

    void markSent(final int index, final long nowNs)
    {
        if (!sent[index])
        {
            sent[index] = true;
            unsent--;
        }
        sentNs[index] = nowNs;
    }

    void markUnsent(final int index)
    {
        if (ids[index] != 0 && sent[index])
        {
            sent[index] = false;
            unsent++;
        }
    }

    /** Every query goes again, to a new active gateway. */
    void markAllUnsent()
    {
        if (count > 0)
        {
            for (int i = 0; i < ids.length; i++)
            {
                markUnsent(i);
            }
        }
    }

    void remove(final int index)
    {
        if (!sent[index])
        {
            unsent--;
        }
        ids[index] = 0;
        sent[index] = false;
        count--;
    }
}
