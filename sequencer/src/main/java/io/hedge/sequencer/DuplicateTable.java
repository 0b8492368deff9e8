package io.hedge.sequencer;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Remembers, per client, the highest correlation id sequenced and the seq of its recent requests, so that a
 * retried request is never sequenced twice. The SDK issues correlation ids in increasing order per client and
 * Aeron keeps a session's order, so anything at or below the highest id is a duplicate; a window of recent
 * ids tells which seq it was, so that its cached response can be sent again. Correlation ids are positive:
 * the gateway refuses 0 and below before it asks this table.
 * <p>
 * Bounded (rule 8 of docs/FAILOVER.md): at most {@code maxWindows} clients keep a window; when another client needs
 * one, the client recorded least recently keeps only its highest correlation id, its <b>low-water mark</b> (16 bytes),
 * and its window is reused. An id at or below a client's mark is still a duplicate, never new: it is refused
 * ({@link #DUPLICATE_UNKNOWN_SEQ}), never executed; only which seq it had is forgotten. Marks are never dropped (that
 * would let an old id run again): at most {@code maxClients} client ids are known, and {@link #canAdmit} tells the
 * gateway to push back on a new one beyond that. The table is rebuilt from the journal, so the marks persist with it.
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
    private final int maxWindows;
    private final int maxClients;
    private final Long2ObjectHashMap<ClientWindow> clients = new Long2ObjectHashMap<>();
    /** Clients without a window: their highest correlation id. */
    private final Long2LongHashMap marks = new Long2LongHashMap(0);
    private long recordCount;
    private long windowsReused;

    /**
     * @param windowSize how many recent correlation ids per client keep their seq; a power of two.
     */
    public DuplicateTable(final int windowSize)
    {
        this(windowSize, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param windowSize how many recent correlation ids per client keep their seq; a power of two.
     * @param maxWindows clients that keep a window at most; the others keep their low-water mark.
     * @param maxClients client ids known at most before {@link #canAdmit} refuses new ones.
     */
    public DuplicateTable(final int windowSize, final int maxWindows, final int maxClients)
    {
        if (windowSize < 1 || Integer.bitCount(windowSize) != 1)
        {
            throw new IllegalArgumentException("duplicate window must be a power of two, got " + windowSize);
        }
        if (maxWindows < 1 || maxClients < 1)
        {
            throw new IllegalArgumentException("duplicate table caps must be positive, got " + maxWindows + " windows, " +
                maxClients + " clients");
        }
        this.windowMask = windowSize - 1;
        this.maxWindows = maxWindows;
        this.maxClients = maxClients;
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
        if (null == window)
        {
            // a client without a window is new above its low-water mark (0 for a client never seen)
            return correlationId > marks.get(clientId) ? NEW : DUPLICATE_UNKNOWN_SEQ;
        }
        if (correlationId > window.highestCorrelationId)
        {
            return NEW;
        }
        final int slot = (int)correlationId & windowMask;
        if (window.correlationIds[slot] == correlationId)
        {
            return window.seqs[slot];
        }
        if (correlationId <= window.floor)
        {
            return DUPLICATE_UNKNOWN_SEQ; // below the mark the window was made from: only that it is old is known
        }
        // ids only rise, so the slot can have been reused only by an id at least a window above this one
        return window.highestCorrelationId - correlationId <= windowMask ? NEVER_SEQUENCED : DUPLICATE_UNKNOWN_SEQ;
    }

    /**
     * @return true if a request of this client may be sequenced without the table growing past its cap: the client
     * is known, or fewer than maxClients are.
     */
    public boolean canAdmit(final long clientId)
    {
        return clients.size() + marks.size() < maxClients || clients.containsKey(clientId) ||
            marks.containsKey(clientId);
    }

    /**
     * Record that a request was sequenced. Allocates only the first time a client is seen. Client ids below 1 are
     * not recorded.
     *
     * @param clientId      of the request.
     * @param correlationId of the request.
     * @param seq           it was given.
     */
    public void record(final long clientId, final long correlationId, final long seq)
    {
        if (clientId <= 0)
        {
            // a term's marker (client 0): no client can resend it, so it must not take a window from a real client
            return;
        }
        ClientWindow window = clients.get(clientId);
        if (null == window)
        {
            window = windowFor(clientId);
        }
        window.lastRecord = ++recordCount;
        if (correlationId > window.highestCorrelationId)
        {
            window.highestCorrelationId = correlationId;
        }
        final int slot = (int)correlationId & windowMask;
        window.correlationIds[slot] = correlationId;
        window.seqs[slot] = seq;
    }

    /**
     * A window for a client that has none: new while there are fewer than maxWindows, otherwise the one of the client
     * recorded least recently, whose highest id becomes its mark. A client that had a mark starts from it.
     */
    private ClientWindow windowFor(final long clientId)
    {
        ClientWindow window = null;
        if (clients.size() >= maxWindows)
        {
            window = leastRecent();
            clients.remove(window.clientId);
            marks.put(window.clientId, window.highestCorrelationId);
            window.clear();
            windowsReused++;
        }
        if (null == window)
        {
            window = new ClientWindow(windowMask + 1);
        }
        final long mark = marks.remove(clientId);
        window.clientId = clientId;
        window.highestCorrelationId = mark;
        window.floor = mark;
        clients.put(clientId, window);
        return window;
    }

    private ClientWindow leastRecent()
    {
        // a scan, only when a client beyond the cap needs a window: O(maxWindows), no allocation
        ClientWindow oldest = null;
        final Long2ObjectHashMap<ClientWindow>.ValueIterator it = clients.values().iterator();
        while (it.hasNext())
        {
            final ClientWindow window = it.next();
            if (null == oldest || window.lastRecord < oldest.lastRecord)
            {
                oldest = window;
            }
        }
        return oldest;
    }

    /**
     * @param clientId of a client.
     * @return the highest correlation id sequenced for it, 0 if none.
     */
    public long highestCorrelationId(final long clientId)
    {
        final ClientWindow window = clients.get(clientId);
        return null == window ? marks.get(clientId) : window.highestCorrelationId;
    }

    /**
     * @return how many clients the table knows, with a window or by their mark alone.
     */
    public int clientCount()
    {
        return clients.size() + marks.size();
    }

    /**
     * @return clients that keep a window (at most maxWindows).
     */
    public int windowCount()
    {
        return clients.size();
    }

    /**
     * @return times a window was taken from the least recently recorded client for another.
     */
    public long windowsReused()
    {
        return windowsReused;
    }

    private static final class ClientWindow
    {
        long clientId;
        long highestCorrelationId;
        /** Ids at or below it were recorded before this window was made: their seqs are not in it. */
        long floor;
        long lastRecord;
        final long[] correlationIds;
        final long[] seqs;

        ClientWindow(final int size)
        {
            correlationIds = new long[size];
            seqs = new long[size];
        }

        void clear()
        {
            java.util.Arrays.fill(correlationIds, 0);
            java.util.Arrays.fill(seqs, 0);
        }
    }
}
