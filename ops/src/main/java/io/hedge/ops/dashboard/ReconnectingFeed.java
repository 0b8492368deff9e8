package io.hedge.ops.dashboard;

import io.hedge.codecs.ops.AdminResponseDecoder;
import io.hedge.codecs.ops.FabricHealthDecoder;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.ops.OpsListener;
import org.agrona.CloseHelper;

import java.util.function.LongSupplier;

/**
 * An {@link OpsFeed} over ops sessions that may fail: connects (through a {@link Connector}, the ops client), and when
 * connecting fails or a connected session goes silent (a subscribed session hears a FabricHealth every second, so
 * {@link #SILENCE_MS} without a message means the gateway or the path to it is gone) closes it and tries again every
 * {@link #RETRY_MS}. The dashboard keeps running and says why it is not live instead of exiting.
 */
public final class ReconnectingFeed implements OpsFeed
{
    /** A subscribed session that hears nothing for this long is given up and reopened. */
    public static final long SILENCE_MS = 5_000;
    /** Time between attempts to connect. */
    public static final long RETRY_MS = 2_000;

    /**
     * One open ops session, as the ops client is: polled on the feed's thread.
     */
    public interface Session extends AutoCloseable
    {
        /**
         * @return fragments read.
         */
        int poll(OpsListener listener);

        @Override
        void close();
    }

    /**
     * Opens a session (subscribe=TRUE), blocking for at most its own timeout.
     */
    @FunctionalInterface
    public interface Connector
    {
        /**
         * @throws RuntimeException whose message says why, when the gateway does not answer or refuses.
         */
        Session connect();
    }

    private final Connector connector;
    private final String target;
    private final LongSupplier clockMs;
    private final AutoCloseable resources;
    private final Listener listener = new Listener();
    private Session session;
    private long nextAttemptMs;
    private volatile String state = "not started";
    private volatile boolean connected;
    private long connects;

    /**
     * @param connector opens a session.
     * @param target    what the session is with, for the page ("gateway 1 at aeron:udp?endpoint=...").
     * @param clockMs   a clock in ms.
     * @param resources closed with the feed (the Aeron client the connector uses), or null.
     */
    public ReconnectingFeed(final Connector connector, final String target, final LongSupplier clockMs,
        final AutoCloseable resources)
    {
        this.connector = connector;
        this.target = target;
        this.clockMs = clockMs;
        this.resources = resources;
    }

    @Override
    public void start(final OpsListener downstream)
    {
        listener.downstream = downstream;
        state = "connecting";
    }

    @Override
    public int poll()
    {
        final long nowMs = clockMs.getAsLong();
        if (null == session)
        {
            if (nowMs < nextAttemptMs)
            {
                return 0;
            }
            try
            {
                session = connector.connect();
                connects++;
                listener.lastMessageMs = clockMs.getAsLong();
                connected = true;
                state = "subscribed";
            }
            catch (final RuntimeException ex)
            {
                connected = false;
                state = "cannot connect: " + ex.getMessage() + "; retrying every " + RETRY_MS / 1000 + " s";
                nextAttemptMs = clockMs.getAsLong() + RETRY_MS;
            }
            return 1;
        }
        final int work = session.poll(listener);
        if (clockMs.getAsLong() - listener.lastMessageMs > SILENCE_MS)
        {
            CloseHelper.quietClose(session);
            session = null;
            connected = false;
            state = "heard nothing for " + SILENCE_MS / 1000 + " s; reconnecting";
            nextAttemptMs = clockMs.getAsLong();
        }
        return work;
    }

    @Override
    public boolean connected()
    {
        return connected;
    }

    @Override
    public String describe()
    {
        return target + ": " + state;
    }

    /**
     * @return sessions opened so far.
     */
    public long connects()
    {
        return connects;
    }

    @Override
    public void close()
    {
        connected = false;
        CloseHelper.quietCloseAll(session, resources);
        session = null;
    }

    /** Notes when the session last said anything, and passes everything on. */
    private final class Listener implements OpsListener
    {
        private OpsListener downstream;
        private long lastMessageMs;

        @Override
        public void onRoleReport(final RoleReportDecoder report)
        {
            lastMessageMs = clockMs.getAsLong();
            downstream.onRoleReport(report);
        }

        @Override
        public void onFabricHealth(final FabricHealthDecoder health)
        {
            lastMessageMs = clockMs.getAsLong();
            downstream.onFabricHealth(health);
        }

        @Override
        public void onAdminResponse(final AdminResponseDecoder response)
        {
            lastMessageMs = clockMs.getAsLong();
            downstream.onAdminResponse(response);
        }
    }
}
