package io.hedge.gateway.ops;

import java.util.function.Consumer;

/**
 * The ops sessions of one gateway, keyed by opsClientId: at most {@code ops.max.sessions} at once, each expired after
 * {@code ops.session.timeout.ms} without a message. A refused session (logon failed, table full) leaves the table at
 * once and waits among a few farewells until its last message went out. A plain array: a handful of tools, scanned
 * without allocating.
 */
final class OpsSessions
{
    /** Refused sessions whose last message is still to go out; the oldest is closed to make room. */
    static final int FAREWELLS = 4;
    /** How long a refused session waits for its publication to connect, ms. */
    static final long FAREWELL_MS = 2_000;
    /**
     * A session silent this long has missed three of its tool's keep-alives (io.hedge.ops.OpsClient): when the table
     * is full, it makes room for a new one. A tool that ends does not say so (the ops protocol has no goodbye), so
     * without this a burst of one-shot {@code hedge status} runs would lock others out for a whole session timeout.
     */
    static final long STALE_MS = 3_000;

    private final OpsSession[] slots;
    private final OpsSession[] farewells = new OpsSession[FAREWELLS];
    private final long timeoutMs;
    private volatile int size;

    OpsSessions(final int maxSessions, final long timeoutMs)
    {
        this.slots = new OpsSession[maxSessions];
        this.timeoutMs = timeoutMs;
    }

    OpsSession find(final long opsClientId)
    {
        for (final OpsSession session : slots)
        {
            if (null != session && session.opsClientId() == opsClientId)
            {
                return session;
            }
        }
        return null;
    }

    /**
     * @return false when the table is full.
     */
    boolean add(final OpsSession session)
    {
        for (int i = 0; i < slots.length; i++)
        {
            if (null == slots[i])
            {
                slots[i] = session;
                size++;
                return true;
            }
        }
        return false;
    }

    /**
     * Make room in a full table: close the session heard from longest ago, if it is stale ({@link #STALE_MS}) or
     * its tool no longer receives (its publication lost its connection).
     *
     * @return the session closed, or null when every session is live.
     */
    OpsSession evictStale(final long nowMs)
    {
        OpsSession oldest = null;
        for (final OpsSession session : slots)
        {
            if (null != session && (null == oldest || session.lastHeardMs() < oldest.lastHeardMs()))
            {
                oldest = session;
            }
        }
        for (final OpsSession session : slots)
        {
            if (null != session && gone(session, nowMs))
            {
                oldest = session;
            }
        }
        if (null != oldest && (nowMs - oldest.lastHeardMs() >= STALE_MS || gone(oldest, nowMs)))
        {
            remove(oldest);
            return oldest;
        }
        return null;
    }

    /** Its tool stopped receiving: a session past its first second whose publication lost its subscriber. */
    private static boolean gone(final OpsSession session, final long nowMs)
    {
        return nowMs - session.openedMs() >= FAREWELL_MS / 2 && !session.isConnected();
    }

    /**
     * Take a session out of the table and close it.
     */
    void remove(final OpsSession session)
    {
        if (take(session))
        {
            session.close();
        }
    }

    /**
     * Take a session out of the table; it is closed once its last message went out or {@link #FAREWELL_MS} passed.
     */
    void farewell(final OpsSession session, final long nowMs)
    {
        take(session);
        session.state(OpsSession.State.CLOSING);
        session.heard(nowMs);
        int oldest = 0;
        for (int i = 0; i < farewells.length; i++)
        {
            if (null == farewells[i])
            {
                farewells[i] = session;
                return;
            }
            if (farewells[i].lastHeardMs() < farewells[oldest].lastHeardMs())
            {
                oldest = i;
            }
        }
        farewells[oldest].close();
        farewells[oldest] = session;
    }

    private boolean take(final OpsSession session)
    {
        for (int i = 0; i < slots.length; i++)
        {
            if (slots[i] == session)
            {
                slots[i] = null;
                size--;
                return true;
            }
        }
        return false;
    }

    /**
     * Send what waits, close farewells that are done, expire silent sessions.
     *
     * @param expired told of each session expired, before it is closed.
     * @return messages sent.
     */
    int poll(final long nowMs, final Consumer<OpsSession> expired)
    {
        int work = 0;
        for (int i = 0; i < slots.length; i++)
        {
            final OpsSession session = slots[i];
            if (null == session)
            {
                continue;
            }
            work += session.flush() ? 1 : 0;
            if (nowMs - session.lastHeardMs() > timeoutMs)
            {
                slots[i] = null;
                size--;
                expired.accept(session);
                session.close();
            }
        }
        for (int i = 0; i < farewells.length; i++)
        {
            final OpsSession session = farewells[i];
            if (null == session)
            {
                continue;
            }
            work += session.flush() ? 1 : 0;
            if (!session.hasPending() || nowMs - session.lastHeardMs() > FAREWELL_MS)
            {
                farewells[i] = null;
                session.close();
            }
        }
        return work;
    }

    /**
     * Offer a message to every subscribed session, if its publication takes it now.
     *
     * @return sessions that did not take it.
     */
    int relay(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        int dropped = 0;
        for (final OpsSession session : slots)
        {
            if (null != session && session.subscribed() && !session.offer(buffer, offset, length))
            {
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * @param action given every session in the table.
     */
    void forEach(final Consumer<OpsSession> action)
    {
        for (final OpsSession session : slots)
        {
            if (null != session)
            {
                action.accept(session);
            }
        }
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return slots.length;
    }

    void closeAll()
    {
        for (int i = 0; i < slots.length; i++)
        {
            if (null != slots[i])
            {
                slots[i].close();
                slots[i] = null;
            }
        }
        for (int i = 0; i < farewells.length; i++)
        {
            if (null != farewells[i])
            {
                farewells[i].close();
                farewells[i] = null;
            }
        }
        size = 0;
    }
}
