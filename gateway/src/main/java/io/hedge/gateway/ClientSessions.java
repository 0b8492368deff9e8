package io.hedge.gateway;

import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.gateway.auth.Authenticator;
import io.hedge.gateway.auth.NoneAuthenticator;
import io.hedge.transport.ChannelCheck;
import io.hedge.transport.SecurityCounters;
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
 * <p>
 * Every new connect is authenticated ({@link Authenticator}, {@link Logon}) before its session is established: the
 * authenticator accepts it as a principal, challenges it first, or rejects it (AUTHENTICATION_FAILED, also when the
 * answer does not come by the connect deadline). An accepted principal must own the client id ({@link ClientOwnership};
 * otherwise CLIENT_ID_TAKEN). A keep-alive (the same client id, response channel and ingress publication) of an
 * established session is not authenticated again; a connect of an established client id from anywhere else waits as
 * a contender, the established session serving on, and supersedes it only once authenticated as the id's owner.
 */
final class ClientSessions implements AutoCloseable
{
    /** Tells a client whether its session is open. */
    interface ConnectedNotifier extends EndNotices.Sender
    {
        /**
         * @return false when the message could not be sent: it is tried again.
         */
        boolean onEstablished(ClientSession session);

        /**
         * Send the client the challenge of its logon.
         *
         * @return false when the message could not be sent: it is tried again.
         */
        boolean onChallenge(ClientSession session, byte[] challenge);
    }

    /** Refusals being delivered at once, each over a publication of its own; more are only counted. */
    static final int MAX_REFUSALS = 16;
    /** Connects of already established client ids waiting for their logon at once; more are dropped. */
    static final int MAX_CONTENDERS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ClientSessions.class);
    private static final long LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long LOGON_LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final ClientPublication.Opener opener;
    private final long connectTimeoutNs;
    private final long idleTimeoutNs;
    private final long sweepIntervalNs;
    private final int maxClients;
    private final int gatewayId;
    private final String capDetail;
    private final boolean ipcResponses;
    private final AtomicCounter malformed;
    private final Authenticator authenticator;
    private final ClientOwnership ownership;
    private final SecurityCounters securityCounters;
    private final Long2ObjectHashMap<ClientSession> sessions = new Long2ObjectHashMap<>();
    /** New sessions of established client ids, waiting for their logon: by client id, one each. */
    private final Long2ObjectHashMap<ClientSession> contenders = new Long2ObjectHashMap<>();
    /** Sessions with something to do: a publication to wait for, a challenge or a ClientConnected to send. */
    private final List<ClientSession> queue = new ArrayList<>();
    private final EndNotices notices = new EndNotices();
    private long nextSweepNs;
    private long nextLogNs;
    private long nextLogonLogNs;

    private long expired;
    private long refusedForCap;
    private long invalidChannels;
    private long failedPublications;
    private long superseded;

    /**
     * Sessions of anonymous clients ({@link NoneAuthenticator}), for tests.
     */
    ClientSessions(
        final ClientPublication.Opener opener,
        final long connectTimeoutNs,
        final long idleTimeoutNs,
        final int maxClients,
        final int gatewayId)
    {
        this(opener, connectTimeoutNs, idleTimeoutNs, maxClients, gatewayId, new NoneAuthenticator(),
            new ClientOwnership(Integer.MAX_VALUE), SecurityCounters.inMemory("gateway " + gatewayId));
    }

    /**
     * Without authentication (anyone connects as principal 0).
     *
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
        this(opener, connectTimeoutNs, idleTimeoutNs, maxClients, gatewayId, new NoneAuthenticator(),
            new ClientOwnership(Integer.MAX_VALUE), SecurityCounters.inMemory("gateway " + gatewayId), ipcResponses,
            malformed);
    }

    /**
     * Responses over UDP only; refused response channels are counted in the security counters' malformed messages.
     */
    ClientSessions(
        final ClientPublication.Opener opener,
        final long connectTimeoutNs,
        final long idleTimeoutNs,
        final int maxClients,
        final int gatewayId,
        final Authenticator authenticator,
        final ClientOwnership ownership,
        final SecurityCounters securityCounters)
    {
        this(opener, connectTimeoutNs, idleTimeoutNs, maxClients, gatewayId, authenticator, ownership,
            securityCounters, false, securityCounters.malformedMessagesDropped());
    }

    /**
     * @param opener           starts adding a publication to a client's response channel.
     * @param connectTimeoutNs how long a new session may take to become reachable (and to authenticate) before it is
     *                         dropped.
     * @param idleTimeoutNs    a session not heard from for this long expires.
     * @param maxClients       sessions at most.
     * @param gatewayId        named in a refusal, and bound into an answer to a challenge.
     * @param authenticator    decides who each connect is.
     * @param ownership        which principal owns each client id.
     * @param securityCounters where refused logons and client id claims are counted.
     * @param ipcResponses     whether a client may ask for its responses over IPC (the gateway's ingress is IPC).
     * @param malformed        counts connects whose response channel is refused; null for none.
     */
    ClientSessions(
        final ClientPublication.Opener opener,
        final long connectTimeoutNs,
        final long idleTimeoutNs,
        final int maxClients,
        final int gatewayId,
        final Authenticator authenticator,
        final ClientOwnership ownership,
        final SecurityCounters securityCounters,
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
        this.gatewayId = gatewayId;
        this.authenticator = authenticator;
        this.ownership = ownership;
        this.securityCounters = securityCounters;
        this.capDetail = "too many clients: gateway " + gatewayId + " serves at most " + maxClients +
            " sessions (" + GatewayConfiguration.MAX_CLIENTS.key() + "); connect again later";
    }

    /**
     * A ClientConnect.
     *
     * @param imageSessionId the Aeron session id of the ingress publication it came over.
     * @param buffer         holds the response channel as the client sent it (UTF-8), at offset for length bytes, and
     *                       the credentials at credentialsOffset for credentialsLength bytes.
     */
    void onConnect(
        final long clientId,
        final int imageSessionId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int responseStreamId,
        final int credentialsOffset,
        final int credentialsLength,
        final long nowNs)
    {
        final ClientSession existing = sessions.get(clientId);
        if (null != existing && sameConnection(existing, imageSessionId, buffer, offset, length, responseStreamId))
        {
            if (null == existing.logon)
            {
                // a repeated connect (a keep-alive, or a probe for the active gateway): answer it again, and keep
                // taking its requests meanwhile; dropping them would leave a hole the client's later ids run past
                existing.lastActivityNs = nowNs;
                existing.connectDeadlineNs = nowNs + connectTimeoutNs;
                existing.answerDue = true;
                enqueue(existing);
            }
            return; // a logon under way is neither restarted nor extended by the client's repeated connects
        }
        final ClientSession contender = contenders.get(clientId);
        if (null != contender && sameConnection(contender, imageSessionId, buffer, offset, length, responseStreamId))
        {
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
        if (null == existing && sessions.size() >= maxClients)
        {
            refusedForCap++;
            refuse(clientId, channel, responseStreamId, nowNs, capDetail);
            return;
        }
        if (null != existing && null == contender && contenders.size() >= MAX_CONTENDERS)
        {
            refusedForCap++;
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
            clientId, imageSessionId, requested, channel, responseStreamId, pending, nowNs, nowNs + connectTimeoutNs);
        session.logon = new Logon(clientId, gatewayId);
        if (null == existing)
        {
            sessions.put(clientId, session);
        }
        else
        {
            if (null != contender)
            {
                contenders.remove(clientId);
                close(contender);
            }
            session.contender = true;
            contenders.put(clientId, session);
        }
        enqueue(session);
        authenticator.onConnect(session.logon, buffer, credentialsOffset, credentialsLength);
        settle(session, nowNs);
    }

    private static boolean sameConnection(final ClientSession session, final int imageSessionId,
        final DirectBuffer buffer, final int offset, final int length, final int responseStreamId)
    {
        return session.imageSessionId == imageSessionId &&
            session.sameEndpoint(buffer, offset, length, responseStreamId);
    }

    /**
     * A ChallengeResponse: handed to the authenticator if it answers the challenge sent over the same connection;
     * anything else (no logon waits, another connection, a challenge not sent) is a failed logon.
     */
    void onChallengeResponse(final long clientId, final int imageSessionId, final DirectBuffer buffer,
        final int offset, final int length, final long nowNs)
    {
        ClientSession session = contenders.get(clientId);
        if (null == session || session.imageSessionId != imageSessionId)
        {
            session = sessions.get(clientId);
        }
        if (null == session || session.imageSessionId != imageSessionId || null == session.logon ||
            session.logon.verdict() != Logon.Verdict.CHALLENGED)
        {
            securityCounters.logonsRejected().increment();
            logLogon(nowNs, "client " + clientId + ": an answer to no challenge sent over its connection is ignored");
            return;
        }
        authenticator.onChallengeResponse(session.logon, buffer, offset, length);
        if (session.logon.verdict() == Logon.Verdict.CHALLENGED)
        {
            session.logon.reject(); // an authenticator must decide on an answer
        }
        settle(session, nowNs);
    }

    /**
     * Act on what the authenticator decided: an accepted principal that owns the client id gets its session (a
     * contender replaces the established one); a rejected one, or one whose id another principal owns, is told so and
     * dropped. Undecided: wait.
     */
    private void settle(final ClientSession session, final long nowNs)
    {
        final Logon logon = session.logon;
        switch (logon.verdict())
        {
            case ACCEPTED:
            {
                final int claim = ownership.claim(session.clientId, logon.principal().id());
                if (claim == ClientOwnership.TAKEN)
                {
                    securityCounters.clientIdClaimsRejected().increment();
                    logLogon(nowNs, "client " + session.clientId + ": principal '" + logon.principal().name() +
                        "' may not use it, another principal owns it");
                    end(session, ConnectStatus.CLIENT_ID_TAKEN, "client id " + session.clientId +
                        " belongs to another principal; connect with a client id of your own", nowNs);
                    return;
                }
                if (claim == ClientOwnership.FULL)
                {
                    refusedForCap++;
                    end(session, ConnectStatus.REJECTED, "too many client ids: gateway " + gatewayId +
                        " remembers at most " + GatewayConfiguration.DUPLICATE_MAX_CLIENTS.key(), nowNs);
                    return;
                }
                session.principal(logon.principal());
                session.logon = null;
                if (session.contender)
                {
                    session.contender = false;
                    contenders.remove(session.clientId);
                    final ClientSession old = sessions.get(session.clientId);
                    if (null != old && old.sameEndpoint(session))
                    {
                        // a restarted client on a fixed port: the old process is gone (it held that port), and a
                        // notice to the old session would reach the new one on the shared endpoint and stop it
                        sessions.remove(old.clientId);
                        close(old);
                    }
                    else if (null != old)
                    {
                        supersede(old, session.responseChannel, session.responseStreamId, nowNs);
                    }
                    sessions.put(session.clientId, session);
                }
                break;
            }
            case REJECTED:
                securityCounters.logonsRejected().increment();
                logLogon(nowNs, "client " + session.clientId + ": authentication failed");
                end(session, ConnectStatus.AUTHENTICATION_FAILED, "gateway " + gatewayId +
                    " did not accept the credentials of client " + session.clientId +
                    " (check client.principal and client.secret.file)", nowNs);
                break;

            default:
                break; // the challenge is sent by poll, its answer awaited until the connect deadline
        }
    }

    /**
     * Take the publications the driver has added, send challenges, tell the clients whose publications are connected,
     * drop sessions past their connect deadline (a logon then fails), expire idle ones, deliver refusals.
     *
     * @return the work done.
     */
    int poll(final long nowNs, final ConnectedNotifier notifier)
    {
        int work = 0;
        for (int i = queue.size() - 1; i >= 0; i--)
        {
            if (i >= queue.size())
            {
                continue; // an earlier step removed more than one
            }
            final ClientSession session = queue.get(i);
            if (null == session.publication && !takePublication(session, nowNs))
            {
                work++;
                continue; // dropped
            }
            if (null != session.logon)
            {
                work += pollLogon(session, nowNs, notifier);
            }
            else if (session.isReachable() && notifier.onEstablished(session))
            {
                session.established = true;
                session.answerDue = false;
                dequeue(queue.indexOf(session));
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
        if (!notices.isEmpty())
        {
            work += notices.poll(nowNs, notifier);
        }
        if (nowNs - nextSweepNs >= 0)
        {
            nextSweepNs = nowNs + sweepIntervalNs;
            work += expireIdle(nowNs);
        }
        return work;
    }

    private int pollLogon(final ClientSession session, final long nowNs, final ConnectedNotifier notifier)
    {
        final Logon logon = session.logon;
        if (logon.verdict() == Logon.Verdict.CHALLENGE_DUE && session.isReachable())
        {
            logon.challengeSent(notifier.onChallenge(session, logon.challenge()));
            return 1;
        }
        if (nowNs - session.connectDeadlineNs > 0)
        {
            securityCounters.logonsRejected().increment();
            logLogon(nowNs, "client " + session.clientId + ": no answer to the challenge within the connect timeout");
            end(session, ConnectStatus.AUTHENTICATION_FAILED, "no answer to gateway " + gatewayId +
                "'s challenge within the connect timeout", nowNs);
            return 1;
        }
        return 0;
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

    /**
     * @return which principal owns each client id: a gateway taking over restores it from its journal.
     */
    ClientOwnership ownership()
    {
        return ownership;
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
        return notices.dropped();
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
     * The old session's publication is kept just long enough to tell its client, then closed.
     */
    private void supersede(final ClientSession old, final String newChannel, final int newStreamId, final long nowNs)
    {
        superseded++;
        sessions.remove(old.clientId);
        final ClientPublication publication = old.publication;
        if (old.established && null != publication && notices.hasRoom())
        {
            old.publication = null; // handed to the notice, which closes it once the client is told
            close(old);
            final String detail = "client id " + old.clientId + " connected again from '" + newChannel + "' stream " +
                newStreamId + ": that newer session replaces this one, which gets no more answers";
            notices.add(old.clientId, publication, null, nowNs + connectTimeoutNs, ConnectStatus.SUPERSEDED, detail);
            logRarely(nowNs, "client " + old.clientId + " on '" + old.responseChannel + "' superseded: " + detail);
        }
        else
        {
            close(old);
        }
    }

    /**
     * A session whose logon failed: removed, and its client told why over its own publication.
     */
    private void end(final ClientSession session, final ConnectStatus status, final String detail, final long nowNs)
    {
        if (session.contender)
        {
            contenders.remove(session.clientId);
        }
        else
        {
            sessions.remove(session.clientId);
        }
        if (notices.hasRoom())
        {
            final ClientPublication publication = session.publication;
            final ClientPublication.Pending pending = session.pending;
            session.publication = null; // handed to the notice, which closes it
            session.pending = null;
            close(session);
            notices.add(session.clientId, publication, pending, nowNs + connectTimeoutNs, status, detail);
        }
        else
        {
            close(session);
        }
    }

    /**
     * A connect answered ClientConnected REJECTED with detail (too many clients, or a response channel refused) over a
     * short-lived publication of its own; the caller counts why.
     */
    private void refuse(
        final long clientId, final String channel, final int streamId, final long nowNs, final String detail)
    {
        if (notices.pending(clientId, ConnectStatus.REJECTED) || !notices.hasRoom())
        {
            return; // its refusal is on the way, or too many are
        }
        try
        {
            notices.add(clientId, null, opener.open(channel, streamId), nowNs + connectTimeoutNs,
                ConnectStatus.REJECTED, detail);
            logRarely(nowNs, "client " + clientId + " refused: " + detail);
        }
        catch (final RuntimeException ex)
        {
            failedPublications++;
        }
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
        if (session.contender)
        {
            contenders.remove(session.clientId);
        }
        else
        {
            sessions.remove(session.clientId);
        }
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

    private void logLogon(final long nowNs, final String message)
    {
        // failed logons are counted (SecurityCounters); a line at most each second says what kind they are
        if (nowNs - nextLogonLogNs >= 0)
        {
            nextLogonLogNs = nowNs + LOGON_LOG_INTERVAL_NS;
            LOG.warn(message);
        }
    }

    @Override
    public void close()
    {
        sessions.values().forEach(this::close);
        sessions.clear();
        contenders.values().forEach(this::close);
        contenders.clear();
        queue.clear();
        notices.close();
    }
}
