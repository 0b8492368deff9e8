package io.hedge.gateway;

import io.hedge.transport.ChannelCheck;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clients this gateway answers, by client id, within bounds (rule 8 of docs/FAILOVER.md):
 * <ul>
 *   <li>a connect's response channel is checked ({@link ChannelCheck#clientResponseChannel}) and its publication
 *   added asynchronously, polled for here each duty cycle, so a slow resolution never blocks the gateway;</li>
 *   <li>at most {@code maxClients} sessions; a connect beyond that is answered ClientConnected REJECTED with the
 *   reason (through a short-lived publication, at most {@link #MAX_REFUSALS} at once; beyond that it is counted);</li>
 *   <li>a session not heard from (connect, request or query) for {@code idleTimeoutNs} expires: its publication is
 *   closed. Its client id's low-water mark stays in the duplicate table, so its old correlation ids are still refused,
 *   and a later connect opens a new session.</li>
 * </ul>
 * A client that connects again with the same channel (a keep-alive, or a probe for the active gateway) is answered
 * again without anything being allocated. A connect with the same client id from another response channel is a second
 * session of that id: it replaces the old one, and the old one is told so (ClientConnected SUPERSEDED, over its own
 * publication, before that is closed), so that its client stops instead of silently losing its answers to the new one
 * or taking the session back with its next keep-alive.
 */
final class ClientSessions implements AutoCloseable
{
    /** Tells a client whether its session is open. */
    interface ConnectedNotifier
    {
        /**
         * @return false when the message could not be sent: it is tried again.
         */
        boolean onEstablished(ClientSession session);

        /**
         * @return false when the message could not be sent: it is tried again.
         */
        boolean onRefused(ClientPublication publication, long clientId, String detail);

        /**
         * Tell the older session of a client id that a newer one replaced it.
         *
         * @return false when the message could not be sent: it is tried again.
         */
        boolean onSuperseded(ClientPublication publication, long clientId, String detail);
    }

    /** Refusals being delivered at once, each over a publication of its own; more are only counted. */
    static final int MAX_REFUSALS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(ClientSessions.class);
    private static final long LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    private final ClientPublication.Opener opener;
    private final long connectTimeoutNs;
    private final long idleTimeoutNs;
    private final long sweepIntervalNs;
    private final int maxClients;
    private final String capDetail;
    private final boolean ipcResponses;
    private final AtomicCounter malformed;
    private final Long2ObjectHashMap<ClientSession> sessions = new Long2ObjectHashMap<>();
    /** Sessions with something to do: a publication to wait for, a ClientConnected to send. */
    private final List<ClientSession> queue = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>(MAX_REFUSALS);
    private long nextSweepNs;
    private long nextLogNs;

    private long expired;
    private long refusedForCap;
    private long refusalsDropped;
    private long invalidChannels;
    private long failedPublications;
    private long superseded;

    /**
     * @param opener           starts adding a publication to a client's response channel.
     * @param connectTimeoutNs how long a new session may take to become reachable before it is dropped.
     * @param idleTimeoutNs    a session not heard from for this long expires.
     * @param maxClients       sessions at most.
     * @param gatewayId        named in a refusal.
     */
    ClientSessions(
        final ClientPublication.Opener opener,
        final long connectTimeoutNs,
        final long idleTimeoutNs,
        final int maxClients,
        final int gatewayId)
    {
        this(opener, connectTimeoutNs, idleTimeoutNs, maxClients, gatewayId, false, null);
    }

    /**
     * @param ipcResponses whether a client may ask for its responses over IPC (the gateway's ingress is IPC).
     * @param malformed    counts connects whose response channel is refused; null for none.
     */
    ClientSessions(
        final ClientPublication.Opener opener,
        final long connectTimeoutNs,
        final long idleTimeoutNs,
        final int maxClients,
        final int gatewayId,
        final boolean ipcResponses,
        final AtomicCounter malformed)
    {
        this.ipcResponses = ipcResponses;
        this.malformed = malformed;
        this.opener = opener;
        this.connectTimeoutNs = connectTimeoutNs;
        this.idleTimeoutNs = idleTimeoutNs;
        this.sweepIntervalNs = Math.max(1, Math.min(idleTimeoutNs / 4, TimeUnit.SECONDS.toNanos(1)));
        this.maxClients = maxClients;
        this.capDetail = "too many clients: gateway " + gatewayId + " serves at most " + maxClients +
            " sessions (" + GatewayConfiguration.MAX_CLIENTS.key() + "); connect again later";
    }

    /**
     * A ClientConnect.
     *
     * @param buffer        holds the response channel as the client sent it (UTF-8), at offset for length bytes.
     */
    void onConnect(
        final long clientId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int responseStreamId,
        final long nowNs)
    {
        final ClientSession existing = sessions.get(clientId);
        if (null != existing && existing.sameEndpoint(buffer, offset, length, responseStreamId))
        {
            // a repeated connect (a keep-alive, or a probe for the active gateway): answer it again, and keep taking
            // its requests meanwhile; dropping them would leave a hole the client's later ids run past
            existing.lastActivityNs = nowNs;
            existing.connectDeadlineNs = nowNs + connectTimeoutNs;
            existing.answerDue = true;
            enqueue(existing);
            return;
        }

        final String requested = buffer.getStringWithoutLengthUtf8(offset, length);
        final String channel;
        try
        {
            channel = ChannelCheck.clientResponseChannel(requested, ipcResponses);
        }
        catch (final IllegalArgumentException ex)
        {
            invalidChannels++;
            if (null != malformed)
            {
                malformed.increment();
            }
            final String detail = "response channel refused: " + ex.getMessage();
            logRarely(nowNs, "client " + clientId + ": " + detail);
            // answered where the endpoint alone would be allowed; otherwise there is nowhere safe to answer
            final String answerOn = ChannelCheck.refusalChannel(requested);
            if (null != answerOn)
            {
                refuse(clientId, answerOn, responseStreamId, nowNs, detail);
            }
            return;
        }
        if (null != existing)
        {
            supersede(existing, channel, responseStreamId, nowNs);
        }
        else if (sessions.size() >= maxClients)
        {
            refusedForCap++;
            refuse(clientId, channel, responseStreamId, nowNs, capDetail);
            return;
        }

        final ClientPublication.Pending pending;
        try
        {
            pending = opener.open(channel, responseStreamId);
        }
        catch (final RuntimeException ex)
        {
            failedPublications++;
            logRarely(nowNs, "client " + clientId + " asked for responses on '" + channel + "' stream " +
                responseStreamId + ", which cannot be opened: " + ex.getMessage());
            return;
        }
        final ClientSession session = new ClientSession(
            clientId, requested, channel, responseStreamId, pending, nowNs, nowNs + connectTimeoutNs);
        sessions.put(clientId, session);
        enqueue(session);
    }

    /**
     * Take the publications the driver has added, tell the clients whose publications are connected, drop sessions
     * past their connect deadline, expire idle ones, deliver refusals.
     *
     * @return the work done.
     */
    int poll(final long nowNs, final ConnectedNotifier notifier)
    {
        int work = 0;
        for (int i = queue.size() - 1; i >= 0; i--)
        {
            final ClientSession session = queue.get(i);
            if (null == session.publication && !takePublication(session, nowNs))
            {
                work++;
                continue; // dropped
            }
            if (session.isReachable() && notifier.onEstablished(session))
            {
                session.established = true;
                session.answerDue = false;
                dequeue(i);
                work++;
            }
            else if (nowNs - session.connectDeadlineNs > 0)
            {
                logRarely(nowNs, "client " + session.clientId + " did not become reachable on '" +
                    session.responseChannel + "' stream " + session.responseStreamId + "; session dropped");
                remove(session);
                work++;
            }
        }
        if (!refusals.isEmpty())
        {
            work += pollRefusals(nowNs, notifier);
        }
        if (nowNs - nextSweepNs >= 0)
        {
            nextSweepNs = nowNs + sweepIntervalNs;
            work += expireIdle(nowNs);
        }
        return work;
    }

    /**
     * @return false when the driver refused the publication: the session is dropped.
     */
    private boolean takePublication(final ClientSession session, final long nowNs)
    {
        try
        {
            final ClientPublication publication = session.pending.poll();
            if (null != publication)
            {
                session.publication = publication;
                session.pending = null;
            }
            return true;
        }
        catch (final RuntimeException ex)
        {
            failedPublications++;
            session.pending = null;
            logRarely(nowNs, "client " + session.clientId + ": the publication to '" + session.responseChannel +
                "' stream " + session.responseStreamId + " could not be added: " + ex.getMessage());
            remove(session);
            return false;
        }
    }

    private int expireIdle(final long nowNs)
    {
        int work = 0;
        final Long2ObjectHashMap<ClientSession>.ValueIterator it = sessions.values().iterator();
        while (it.hasNext())
        {
            final ClientSession session = it.next();
            if (nowNs - session.lastActivityNs > idleTimeoutNs)
            {
                it.remove();
                close(session);
                expired++;
                work++;
            }
        }
        return work;
    }

    /**
     * The client sent something: its session lives on.
     */
    void touch(final ClientSession session, final long nowNs)
    {
        session.lastActivityNs = nowNs;
    }

    /**
     * Tell every established client again what this gateway now is (it began or ended a term); a message that cannot
     * be sent now is tried again each duty cycle until the connect timeout.
     */
    void announceAll(final long nowNs)
    {
        final Long2ObjectHashMap<ClientSession>.ValueIterator it = sessions.values().iterator();
        while (it.hasNext())
        {
            final ClientSession session = it.next();
            if (session.established)
            {
                session.answerDue = true;
                session.connectDeadlineNs = nowNs + connectTimeoutNs;
                enqueue(session);
            }
        }
    }

    /**
     * @return the session of this client, established or not, or null.
     */
    ClientSession session(final long clientId)
    {
        return sessions.get(clientId);
    }

    /**
     * @return the established session of this client, or null.
     */
    ClientSession established(final long clientId)
    {
        final ClientSession session = sessions.get(clientId);
        return null != session && session.established ? session : null;
    }

    int size()
    {
        return sessions.size();
    }

    long expired()
    {
        return expired;
    }

    long refusedForCap()
    {
        return refusedForCap;
    }

    long refusalsDropped()
    {
        return refusalsDropped;
    }

    long invalidChannels()
    {
        return invalidChannels;
    }

    long failedPublications()
    {
        return failedPublications;
    }

    /**
     * @return sessions replaced by a newer session of the same client id from another response channel.
     */
    long superseded()
    {
        return superseded;
    }

    /**
     * The old session's publication is kept just long enough to tell its client (at most {@link #MAX_REFUSALS}
     * notices at once, like refusals; beyond that it is only closed), then closed.
     */
    private void supersede(final ClientSession old, final String newChannel, final int newStreamId, final long nowNs)
    {
        superseded++;
        sessions.remove(old.clientId);
        final ClientPublication publication = old.publication;
        if (old.established && null != publication && refusals.size() < MAX_REFUSALS)
        {
            old.publication = null; // handed to the notice, which closes it once the client is told
            close(old);
            final String detail = "client id " + old.clientId + " connected again from '" + newChannel + "' stream " +
                newStreamId + ": that newer session replaces this one, which gets no more answers";
            refusals.add(new Refusal(old.clientId, publication, nowNs + connectTimeoutNs, detail));
            logRarely(nowNs, "client " + old.clientId + " on '" + old.responseChannel + "' superseded: " + detail);
        }
        else
        {
            close(old);
        }
    }

    private void refuse(
        final long clientId, final String channel, final int streamId, final long nowNs, final String detail)
    {
        if (refusals.size() >= MAX_REFUSALS)
        {
            refusalsDropped++;
            return;
        }
        for (int i = 0; i < refusals.size(); i++)
        {
            if (refusals.get(i).clientId == clientId && null == refusals.get(i).supersededDetail)
            {
                return; // its refusal is on the way
            }
        }
        try
        {
            refusals.add(new Refusal(clientId, opener.open(channel, streamId), nowNs + connectTimeoutNs, detail));
            logRarely(nowNs, "client " + clientId + " refused: " + detail);
        }
        catch (final RuntimeException ex)
        {
            failedPublications++;
        }
    }

    private int pollRefusals(final long nowNs, final ConnectedNotifier notifier)
    {
        int work = 0;
        for (int i = refusals.size() - 1; i >= 0; i--)
        {
            final Refusal refusal = refusals.get(i);
            boolean done = nowNs - refusal.deadlineNs > 0;
            try
            {
                if (null == refusal.publication)
                {
                    refusal.publication = refusal.pending.poll();
                }
                done |= null != refusal.publication && refusal.publication.isConnected() &&
                    (null == refusal.supersededDetail ?
                    notifier.onRefused(refusal.publication, refusal.clientId, refusal.refusedDetail) :
                    notifier.onSuperseded(refusal.publication, refusal.clientId, refusal.supersededDetail));
            }
            catch (final RuntimeException ex)
            {
                done = true;
            }
            if (done)
            {
                if (null != refusal.publication)
                {
                    CloseHelper.quietClose(refusal.publication);
                }
                else if (null != refusal.pending)
                {
                    refusal.pending.cancel();
                }
                refusals.remove(i);
                work++;
            }
        }
        return work;
    }

    private void enqueue(final ClientSession session)
    {
        if (!session.queued)
        {
            session.queued = true;
            queue.add(session);
        }
    }

    private void dequeue(final int index)
    {
        final ClientSession session = queue.get(index);
        final int last = queue.size() - 1;
        queue.set(index, queue.get(last));
        queue.remove(last);
        session.queued = false;
    }

    private void remove(final ClientSession session)
    {
        sessions.remove(session.clientId);
        close(session);
    }

    private void close(final ClientSession session)
    {
        if (session.queued)
        {
            dequeue(queue.indexOf(session));
        }
        session.established = false;
        if (null != session.publication)
        {
            CloseHelper.quietClose(session.publication);
        }
        else if (null != session.pending)
        {
            session.pending.cancel();
        }
    }

    private void logRarely(final long nowNs, final String message)
    {
        // refused connects come from outside and may come in floods: a line now and then, the rest counted
        if (nowNs - nextLogNs >= 0)
        {
            nextLogNs = nowNs + LOG_INTERVAL_NS;
            LOG.warn(message);
        }
    }

    @Override
    public void close()
    {
        sessions.values().forEach(this::close);
        sessions.clear();
        queue.clear();
        for (final Refusal refusal : refusals)
        {
            if (null != refusal.publication)
            {
                CloseHelper.quietClose(refusal.publication);
            }
            else if (null != refusal.pending)
            {
                refusal.pending.cancel();
            }
        }
        refusals.clear();
    }

    /**
     * A last message over a publication of its own, then the publication is closed: a refusal (too many clients), or
     * the notice to a superseded session.
     */
    private static final class Refusal
    {
        final long clientId;
        final ClientPublication.Pending pending;
        final long deadlineNs;
        /** Null for a refusal; the detail of the notice for a superseded session. */
        final String supersededDetail;
        /** Why a refusal refuses: too many clients, or a response channel that is not allowed. */
        final String refusedDetail;
        ClientPublication publication;

        Refusal(final long clientId, final ClientPublication.Pending pending, final long deadlineNs,
            final String refusedDetail)
        {
            this.clientId = clientId;
            this.pending = pending;
            this.deadlineNs = deadlineNs;
            this.supersededDetail = null;
            this.refusedDetail = refusedDetail;
        }

        Refusal(final long clientId, final ClientPublication publication, final long deadlineNs, final String detail)
        {
            this.clientId = clientId;
            this.pending = null;
            this.publication = publication;
            this.deadlineNs = deadlineNs;
            this.supersededDetail = detail;
            this.refusedDetail = null;
        }
    }
}
