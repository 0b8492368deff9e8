package io.hedge.gateway.ops;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.hedge.codecs.ops.AdminRequestDecoder;
import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.codecs.ops.MessageHeaderDecoder;
import io.hedge.codecs.ops.OpsChallengeResponseDecoder;
import io.hedge.codecs.ops.OpsConnectDecoder;
import io.hedge.codecs.ops.RoleReportDecoder;
import io.hedge.gateway.admin.AdminQueue;
import io.hedge.gateway.auth.Authenticator;
import io.hedge.gateway.auth.Permission;
import io.hedge.ops.CounterType;
import io.hedge.ops.FabricView;
import io.hedge.ops.OpsMessageCheck;
import io.hedge.transport.FabricLimits;
import io.hedge.transport.MemberSealing;
import io.hedge.transport.OpsChannel;
import io.hedge.transport.SecurityCounters;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's ops port (docs/OPERATIONS.md), on a thread of its own so that observing and administering the fabric
 * costs the request path nothing: it takes every role's RoleReport (stream 41, sealed when member authentication is
 * on) into the {@link FabricView} and relays it to subscribed sessions, and serves ops sessions (stream 40): logon by
 * the gateway's authenticator configuration, STATUS and ALARMS from the view, every other admin verb through the
 * {@link AdminQueue} to the gateway agent, whose answer comes back through {@link AdminReplies}. Every message is
 * length-checked before it is decoded; what is malformed is counted, never thrown.
 */
public final class OpsAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(OpsAgent.class);
    private static final int FRAGMENT_LIMIT = 64;
    private static final long HEALTH_INTERVAL_MS = 1_000;

    private final OpsSettings settings;
    private final FabricView view;
    private final AdminQueue adminQueue;
    private final SecurityCounters counters;
    private final EpochClock clock;
    private final Subscription metrics;
    private final Subscription ops;
    private final AtomicCounter alarmsRaised;
    private final FragmentAssembler metricsAssembler;
    private final FragmentAssembler opsAssembler;
    private final OpsSessions sessions;
    private final OpsAnswers answers;
    private final AdminReplies replies = new AdminReplies();
    private final OpsMessageCheck check = new OpsMessageCheck();
    private final RoleReportDecoder reportDecoder = new RoleReportDecoder();
    private final OpsConnectDecoder connectDecoder = new OpsConnectDecoder();
    private final OpsChallengeResponseDecoder challengeResponseDecoder = new OpsChallengeResponseDecoder();
    private final AdminRequestDecoder requestDecoder = new AdminRequestDecoder();
    private final OpsDoor door;
    private final ExpandableDirectByteBuffer healthBuffer = new ExpandableDirectByteBuffer(64 * 1024);
    private final java.util.function.Consumer<OpsSession> healthSender = this::sendHealth;
    private final java.util.function.Consumer<OpsSession> expiry = this::onExpired;
    private final java.util.function.Consumer<AdminReplies.Done> adminDone = this::onAdminDone;
    private long nowMs;
    private long nextHealthMs;
    private long reports;
    private long relayDrops;
    private long unknownSessionMessages;
    private long answersDropped;

    /**
     * @param authenticator an instance of its own (authenticators are not shared between threads), configured as the
     *                      gateway's client authenticator is.
     * @param sealing       of the role reports: a member stream, sealed when member authentication is on.
     */
    public OpsAgent(
        final OpsSettings settings,
        final Aeron aeron,
        final Authenticator authenticator,
        final FabricView view,
        final AdminQueue adminQueue,
        final SecurityCounters counters,
        final MemberSealing sealing,
        final EpochClock clock)
    {
        this.settings = settings;
        this.view = view;
        this.adminQueue = adminQueue;
        this.counters = counters;
        this.clock = clock;
        this.sessions = new OpsSessions(settings.maxSessions(), settings.sessionTimeoutMs());
        this.answers = new OpsAnswers(settings.gatewayId());
        this.metricsAssembler = new FragmentAssembler(sealing.wrap(this::onReport));
        this.opsAssembler = new FragmentAssembler(this::onOpsMessage);
        this.door = new OpsDoor(settings, aeron, authenticator, counters, sessions, answers, expiry);
        Subscription metricsSubscription = null;
        Subscription opsSubscription = null;
        try
        {
            metricsSubscription = aeron.addSubscription(settings.opsChannel(), OpsChannel.METRICS_STREAM_ID);
            opsSubscription = aeron.addSubscription(settings.opsChannel(), OpsChannel.OPS_STREAM_ID);
            // an Aeron counter, so that AeronStat and a Prometheus scrape see alarms as the dashboard does
            this.alarmsRaised = aeron.addCounter(CounterType.ALARMS_RAISED.typeId(),
                "hedge gateway " + settings.gatewayId() + ": " + CounterType.ALARMS_RAISED.description());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(opsSubscription, metricsSubscription);
            throw ex;
        }
        this.metrics = metricsSubscription;
        this.ops = opsSubscription;
    }

    @Override
    public String roleName()
    {
        return "ops-" + settings.gatewayId();
    }

    @Override
    public void onStart()
    {
        LOG.info("gateway {}: ops port open on {} (at most {} ops sessions, {} ms timeout)", settings.gatewayId(),
            settings.opsChannel(), settings.maxSessions(), settings.sessionTimeoutMs());
    }

    @Override
    public int doWork()
    {
        nowMs = clock.time();
        int work = metrics.poll(metricsAssembler, FRAGMENT_LIMIT);
        work += ops.poll(opsAssembler, FRAGMENT_LIMIT);
        work += replies.drain(adminDone);
        view.poll(nowMs);
        alarmsRaised.setOrdered(view.alarmsRaised());
        if (nowMs >= nextHealthMs)
        {
            nextHealthMs = nowMs + HEALTH_INTERVAL_MS;
            work += relayHealth();
        }
        work += sessions.poll(nowMs, expiry);
        return work;
    }

    private int relayHealth()
    {
        sessions.forEach(healthSender);
        return 1;
    }

    /** Each session's copy names it, so the health is written once per subscribed session. */
    private void sendHealth(final OpsSession session)
    {
        if (session.subscribed())
        {
            final int length = view.writeHealth(healthBuffer, 0, session.opsClientId(), 0, settings.gatewayId(), nowMs);
            if (!session.offer(healthBuffer, 0, length))
            {
                relayDrops++;
            }
        }
    }

    private void onReport(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (OpsMessageCheck.OK != check.check(buffer, offset, length) ||
            check.templateId() != RoleReportDecoder.TEMPLATE_ID)
        {
            counters.malformedMessagesDropped().increment();
            return;
        }
        final MessageHeaderDecoder h = check.header();
        reportDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
        reports++;
        view.onReport(reportDecoder, nowMs);
        relayDrops += sessions.relay(buffer, offset, length);
    }

    private void onOpsMessage(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (OpsMessageCheck.OK != check.check(buffer, offset, length))
        {
            counters.malformedMessagesDropped().increment();
            return;
        }
        final MessageHeaderDecoder h = check.header();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (h.templateId())
        {
            case OpsConnectDecoder.TEMPLATE_ID ->
            {
                connectDecoder.wrap(buffer, body, h.blockLength(), h.version());
                door.onConnect(connectDecoder, nowMs);
            }
            case OpsChallengeResponseDecoder.TEMPLATE_ID ->
            {
                challengeResponseDecoder.wrap(buffer, body, h.blockLength(), h.version());
                door.onChallengeResponse(challengeResponseDecoder, nowMs);
            }
            case AdminRequestDecoder.TEMPLATE_ID ->
            {
                requestDecoder.wrap(buffer, body, h.blockLength(), h.version());
                onAdminRequest(requestDecoder);
            }
            default -> counters.malformedMessagesDropped().increment(); // a gateway-bound stream carries nothing else
        }
    }

    private void onAdminRequest(final AdminRequestDecoder request)
    {
        final OpsSession session = sessions.find(request.opsClientId());
        final long correlationId = request.correlationId();
        final AdminVerb verb = request.verb();
        if (null == session)
        {
            unknownSessionMessages++; // no channel to answer on
            return;
        }
        session.heard(nowMs);
        if (session.state() != OpsSession.State.OPEN)
        {
            respond(session, correlationId, verb, AdminResult.NOT_CONNECTED, 0, "log on first");
            return;
        }
        switch (verb)
        {
            case KEEP_ALIVE ->
            {
            }
            case STATUS ->
            {
                if (permitted(session, correlationId, verb, Permission.STATUS))
                {
                    send(session, view.writeHealth(healthBuffer, 0, session.opsClientId(), correlationId,
                        settings.gatewayId(), nowMs), healthBuffer);
                }
            }
            case ALARMS ->
            {
                if (permitted(session, correlationId, verb, Permission.STATUS))
                {
                    final String alarms = view.alarmsText();
                    respond(session, correlationId, verb, AdminResult.OK, 0, alarms.isEmpty() ? "no open alarm" : alarms);
                }
            }
            case SNAPSHOT, SUSPEND, RESUME, SHUTDOWN, SWITCHOVER -> onAdminVerb(session, request, verb);
            default -> respond(session, correlationId, verb, AdminResult.INVALID, 0, "unknown admin verb");
        }
    }

    private void onAdminVerb(final OpsSession session, final AdminRequestDecoder request, final AdminVerb verb)
    {
        final long correlationId = request.correlationId();
        if (!permitted(session, correlationId, verb, Permission.ADMIN))
        {
            return;
        }
        final int target = request.targetGatewayId();
        if (verb == AdminVerb.SWITCHOVER ? target < 1 || target > FabricLimits.MAX_GATEWAYS : 0 != target)
        {
            respond(session, correlationId, verb, AdminResult.INVALID, 0, verb == AdminVerb.SWITCHOVER ?
                "switchover needs a target gateway between 1 and " + FabricLimits.MAX_GATEWAYS + ", got " + target :
                "only switchover takes a target gateway");
            return;
        }
        final AdminQueue.Command command = new AdminQueue.Command(verb, target, session.opsClientId(), correlationId,
            replies.replyTo(session.opsClientId(), correlationId, verb));
        if (!adminQueue.offer(command))
        {
            respond(session, correlationId, verb, AdminResult.BUSY, 0, "too many admin verbs waiting");
        }
        else
        {
            LOG.info("gateway {}: admin {} asked by {}", settings.gatewayId(), verb, session.logon().principal());
        }
    }

    private boolean permitted(
        final OpsSession session, final long correlationId, final AdminVerb verb, final Permission permission)
    {
        if (session.may(permission))
        {
            return true;
        }
        counters.requestsUnauthorized().increment();
        respond(session, correlationId, verb, AdminResult.UNAUTHORIZED, 0,
            "principal " + session.logon().principal().name() + " lacks the " + permission.fileName() + " permission");
        return false;
    }

    private void onAdminDone(final AdminReplies.Done done)
    {
        final OpsSession session = sessions.find(done.opsClientId());
        if (null == session)
        {
            LOG.info("gateway {}: admin {} finished {} after its ops session ended", settings.gatewayId(), done.verb(),
                done.result());
            return;
        }
        respond(session, done.correlationId(), done.verb(), done.result(), done.seq(), done.detail());
    }

    private void respond(
        final OpsSession session,
        final long correlationId,
        final AdminVerb verb,
        final AdminResult result,
        final long seq,
        final String detail)
    {
        send(session, answers.response(session.opsClientId(), correlationId, verb, result, seq, detail));
    }

    private void send(final OpsSession session, final int length)
    {
        send(session, length, answers.buffer());
    }

    private void send(final OpsSession session, final int length, final DirectBuffer buffer)
    {
        if (!session.send(buffer, 0, length))
        {
            answersDropped++;
        }
    }

    private void onExpired(final OpsSession session)
    {
        LOG.info("gateway {}: ops session {} expired ({} ms without a message)", settings.gatewayId(),
            Long.toHexString(session.opsClientId()), settings.sessionTimeoutMs());
    }

    /**
     * @return where the gateway agent's answers to admin verbs go; for tests that drain the admin queue themselves.
     */
    AdminReplies replies()
    {
        return replies;
    }

    /** Open ops sessions, for tests and the log. */
    public int sessionCount()
    {
        return sessions.size();
    }

    /** Role reports taken. */
    public long reports()
    {
        return reports;
    }

    /** Relayed reports and health a session's publication did not take. */
    public long relayDrops()
    {
        return relayDrops;
    }

    /** Challenge answers and admin requests naming no session of this gateway. */
    public long unknownSessionMessages()
    {
        return unknownSessionMessages + door.unknownSessionMessages();
    }

    /** Answers dropped because another was still waiting for the session's publication. */
    public long answersDropped()
    {
        return answersDropped + door.answersDropped();
    }

    @Override
    public void onClose()
    {
        sessions.closeAll();
        CloseHelper.quietCloseAll(ops, metrics, alarmsRaised);
        if (view instanceof AutoCloseable closeable)
        {
            CloseHelper.quietClose(closeable); // the health monitor's alarm hook runs on a thread of its own
        }
    }
}
