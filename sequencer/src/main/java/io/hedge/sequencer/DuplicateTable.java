package io.hedge.sequencer;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Remembers, per client, the highest correlation id sequenced and the seq of its recent requests, so that a
 * retried request is never sequenced twice. The SDK issues correlation ids in increasing order per client and
 * Aeron keeps a session's order, so anything at or below the highest id is a duplicate; a window of recent
 * ids tells which seq it was, so that its cached response can be sent again. Correlation ids are positive:
 * the gateway refuses 0 and below before it asks this table.
 */
public final class DuplicateTable
{
    /** Result of {@link #check}: a new request. */
    public static final long NEW = 0;
    /** Result of {@link #check}: a duplicate older than the window; its seq is no longer known. */
    public static final long DUPLICATE_UNKNOWN_SEQ = -1;
    /**
     * Recorded for, and returned by {@link #check} for, a request that a client asked about before it was ever
     * sequenced: it was answered "not executed", so it must never be executed afterwards.
     */
    public static final long WITHDRAWN = -2;
    /**
     * Returned by {@link #check} for a correlation id below the client's highest, recent enough that the window would
     * hold its seq had it been sequenced: it never was (it was lost on the way while later ones arrived).
     */
    public static final long NEVER_SEQUENCED = -3;

    private final int windowMask;
    private final Long2ObjectHashMap<ClientWindow> clients = new Long2ObjectHashMap<>();

    /**
     * @param windowSize how many recent correlation ids per client keep their seq; a power of two.
     */
    public DuplicateTable(final int windowSize)
    {
        if (windowSize < 1 || Integer.bitCount(windowSize) != 1)
        {
            throw new IllegalArgumentException("duplicate window must be a power of two, got " + windowSize);
        }
        this.windowMask = windowSize - 1;
    }

    /**
     * @param clientId      of the request.
     * @param correlationId of the request.
     * @return {@link #NEW}, the seq (&gt; 0) the request was sequenced at, {@link #WITHDRAWN},
     * {@link #NEVER_SEQUENCED}, or {@link #DUPLICATE_UNKNOWN_SEQ}.
     */
    public long check(final long clientId, final long correlationId)
    {
        final ClientWindow window = clients.get(clientId);
        if (null == window || correlationId > window.highestCorrelationId)
        {
            return NEW;
        }
        final int slot = (int)correlationId & windowMask;
        if (window.correlationIds[slot] == correlationId)
        {
            return window.seqs[slot];
        }
        // ids only rise, so the slot can have been reused only by an id at least a window above this one
        return window.highestCorrelationId - correlationId <= windowMask ? NEVER_SEQUENCED : DUPLICATE_UNKNOWN_SEQ;
    }

    /**
     * Record that a request was sequenced. Allocates only the first time a client is seen.
     *
     * @param clientId      of the request.
     * @param correlationId of the request.
     * @param seq           it was given.
     */
    public void record(final long clientId, final long correlationId, final long seq)
    {
        ClientWindow window = clients.get(clientId);
        if (null == window)
        {
            window = new ClientWindow(windowMask + 1);
            clients.put(clientId, window);
        }
        if (correlationId > window.highestCorrelationId)
        {
            window.highestCorrelationId = correlationId;
        }
        final int slot = (int)correlationId & windowMask;
        window.correlationIds[slot] = correlationId;
        window.seqs[slot] = seq;
    }

    /**
     * @param clientId of a client.
     * @return the highest correlation id sequenced for it, 0 if none.
     */
    public long highestCorrelationId(final long clientId)
    {
        final ClientWindow window = clients.get(clientId);
        return null == window ? 0 : window.highestCorrelationId;
    }

    /**
     * @return how many clients the table knows.
     */
    public int clientCount()
    {
        return clients.size();
    }

    private static final class ClientWindow
    {
        long highestCorrelationId;
        final long[] correlationIds;
        final long[] seqs;

        ClientWindow(final int size)
        {
            correlationIds = new long[size];
            seqs = new long[size];
        }
    }
}
