package io.hedge.gateway.ops;

import io.aeron.Aeron;
import io.aeron.exceptions.AeronException;
import io.hedge.codecs.ops.BooleanType;
import io.hedge.codecs.ops.OpsChallengeResponseDecoder;
import io.hedge.codecs.ops.OpsConnectDecoder;
import io.hedge.codecs.ops.OpsConnectStatus;
import io.hedge.gateway.Logon;
import io.hedge.gateway.auth.Authenticator;
import io.hedge.gateway.auth.Permission;
import io.hedge.transport.ChannelCheck;
import io.hedge.transport.OpsChannel;
import io.hedge.transport.SecurityCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logon of ops sessions, for the {@link OpsAgent}: an OpsConnect opens a session (its response channel checked as
 * a client's is, the table's limit kept), the authenticator decides on it (challenge, accept, reject) and the tool is
 * told with OpsChallenge or OpsConnected; a refused tool is told why and its session closed.
 */
final class OpsDoor
{
    private static final Logger LOG = LoggerFactory.getLogger(OpsDoor.class);
    /**
     * OpsConnects taken per second at most: each opens a publication, so a flood of them would keep the ops agent
     * (and the media driver's conductor) busy; beyond, they are dropped and counted as source limit drops.
     */
    static final int MAX_CONNECTS_PER_SECOND = 64;

    private final OpsSettings settings;
    private final Aeron aeron;
    private final Authenticator authenticator;
    private final SecurityCounters counters;
    private final OpsSessions sessions;
    private final OpsAnswers answers;
    private final UnsafeBuffer varData = new UnsafeBuffer(0, 0);
    private final java.util.function.Consumer<OpsSession> expired;
    private long nowMs;
    private long connectWindowStartMs;
    private int connectsInWindow;
    private long unknownSessionMessages;
    private long answersDropped;

    OpsDoor(
        final OpsSettings settings,
        final Aeron aeron,
        final Authenticator authenticator,
        final SecurityCounters counters,
        final OpsSessions sessions,
        final OpsAnswers answers,
        final java.util.function.Consumer<OpsSession> expired)
    {
        this.settings = settings;
        this.aeron = aeron;
        this.authenticator = authenticator;
        this.counters = counters;
        this.sessions = sessions;
        this.answers = answers;
        this.expired = expired;
    }

    void onConnect(final OpsConnectDecoder connect, final long nowMs)
    {
        this.nowMs = nowMs;
        onConnect(connect);
    }

    void onChallengeResponse(final OpsChallengeResponseDecoder response, final long nowMs)
    {
        this.nowMs = nowMs;
        onChallengeResponse(response);
    }

    /** Challenge answers naming no session waiting for one. */
    long unknownSessionMessages()
    {
        return unknownSessionMessages;
    }

    /** Logon answers dropped because another still waited for the session's publication. */
    long answersDropped()
    {
        return answersDropped;
    }

    private void send(final OpsSession session, final int length)
    {
        if (!session.send(answers.buffer(), 0, length))
        {
            answersDropped++;
        }
    }

    private void onConnect(final OpsConnectDecoder connect)
    {
        if (nowMs - connectWindowStartMs >= 1_000)
        {
            connectWindowStartMs = nowMs;
            connectsInWindow = 0;
        }
        if (++connectsInWindow > MAX_CONNECTS_PER_SECOND)
        {
            counters.sourceLimitDrops().increment();
            return;
        }
        final long opsClientId = connect.opsClientId();
        final boolean subscribe = connect.subscribe() == BooleanType.TRUE;
        final int streamId = connect.responseStreamId();
        final String requested = connect.responseChannel();
        connect.wrapCredentials(varData);
        if (streamId != OpsChannel.OPS_RESPONSE_STREAM_ID)
        {
            counters.malformedMessagesDropped().increment();
            return;
        }
        final String channel;
        try
        {
            channel = ChannelCheck.clientResponseChannel(requested);
        }
        catch (final IllegalArgumentException ex)
        {
            counters.malformedMessagesDropped().increment();
            final String refusal = ChannelCheck.refusalChannel(requested);
            if (null != refusal)
            {
                refuse(opsClientId, refusal, "response channel refused: " + ex.getMessage());
            }
            return;
        }
        final OpsSession existing = sessions.find(opsClientId);
        if (null != existing)
        {
            sessions.remove(existing); // the same tool connecting again: it logs on afresh
        }
        if (sessions.size() >= sessions.capacity())
        {
            sessions.poll(nowMs, expired);
        }
        if (sessions.size() >= sessions.capacity())
        {
            final OpsSession evicted = sessions.evictStale(nowMs);
            if (null != evicted)
            {
                LOG.info("gateway {}: ops session {} closed to make room ({} ms since its last message)",
                    settings.gatewayId(), Long.toHexString(evicted.opsClientId()), nowMs - evicted.lastHeardMs());
            }
        }
        if (sessions.size() >= sessions.capacity())
        {
            refuse(opsClientId, channel, "too many ops sessions (ops.max.sessions " + sessions.capacity() + ")");
            return;
        }
        final OpsSession session;
        try
        {
            session = new OpsSession(opsClientId,
                aeron.addExclusivePublication(channel, OpsChannel.OPS_RESPONSE_STREAM_ID),
                new Logon(opsClientId, settings.gatewayId()), subscribe, nowMs);
        }
        catch (final AeronException ex)
        {
            LOG.warn("gateway {}: cannot answer the ops session at {}: {}", settings.gatewayId(), channel,
                ex.getMessage());
            return;
        }
        sessions.add(session);
        authenticator.onConnect(session.logon(), varData, 0, varData.capacity());
        decided(session);
    }

    private void onChallengeResponse(final OpsChallengeResponseDecoder response)
    {
        final OpsSession session = sessions.find(response.opsClientId());
        if (null == session || session.state() != OpsSession.State.AUTHENTICATING ||
            null == session.logon().challengeSent())
        {
            unknownSessionMessages++;
            return;
        }
        session.heard(nowMs);
        response.wrapResponse(varData);
        authenticator.onChallengeResponse(session.logon(), varData, 0, varData.capacity());
        if (session.logon().verdict() == Logon.Verdict.CHALLENGED)
        {
            session.logon().reject(); // an authenticator must decide at the answer
        }
        decided(session);
    }

    /** Tell the session what the authenticator decided, if it did. */
    private void decided(final OpsSession session)
    {
        final long opsClientId = session.opsClientId();
        switch (session.logon().verdict())
        {
            case CHALLENGE_DUE ->
            {
                // the tool's publication is connected by now (it connected to send the connect); a challenge lost on
                // the way leaves the session to expire, as an unanswered challenge would
                send(session, answers.challenge(opsClientId, session.logon().challenge()));
                session.logon().challengeSent(true);
            }
            case ACCEPTED ->
            {
                session.state(OpsSession.State.OPEN);
                final boolean metricsAllowed = session.may(Permission.METRICS);
                session.subscribed(session.subscribeAsked() && metricsAllowed);
                final String detail = session.subscribeAsked() && !metricsAllowed ?
                    "subscription refused: principal " + session.logon().principal().name() +
                    " lacks the metrics permission; admin verbs only" : "";
                send(session, answers.connected(opsClientId, OpsConnectStatus.OK, session.permissions(), detail));
                LOG.info("gateway {}: ops session {} opened for {}{}", settings.gatewayId(),
                    Long.toHexString(opsClientId), session.logon().principal(),
                    session.subscribed() ? ", subscribed" : "");
            }
            case REJECTED ->
            {
                counters.logonsRejected().increment();
                send(session, answers.connected(opsClientId, OpsConnectStatus.AUTHENTICATION_FAILED, 0,
                    "the gateway's authenticator refused the credentials"));
                sessions.farewell(session, nowMs);
            }
            default ->
            {
                // undecided: the authenticator answers later or the session expires
            }
        }
    }

    private void refuse(final long opsClientId, final String channel, final String detail)
    {
        try
        {
            final OpsSession session = new OpsSession(opsClientId,
                aeron.addExclusivePublication(channel, OpsChannel.OPS_RESPONSE_STREAM_ID),
                new Logon(opsClientId, settings.gatewayId()), false, nowMs);
            send(session, answers.connected(opsClientId, OpsConnectStatus.REJECTED, 0, detail));
            sessions.farewell(session, nowMs);
        }
        catch (final AeronException ex)
        {
            LOG.warn("gateway {}: cannot refuse the ops session at {}: {}", settings.gatewayId(), channel,
                ex.getMessage());
        }
    }

}
