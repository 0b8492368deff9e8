package io.hedge.gateway.ops;

import io.aeron.Aeron;
import io.aeron.exceptions.AeronException;
import io.hedge.gateway.GatewayContext;
import io.hedge.gateway.auth.Authenticator;
import io.hedge.gateway.auth.LogonSession;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's ops agent on a thread of its own, started and closed with the gateway. Its thread sleeps
 * {@link #IDLE_SLEEP_MS} when idle: ops traffic is a few messages a second per role, a person or a dashboard waits a
 * few milliseconds longer at most, and the cores stay with the request path (under 1 % of a core idle: 0.86 %,
 * against 2.6 % with a 1 ms sleep, measured by OpsAgentTest on the loaded two-core build machine).
 */
public final class GatewayOps implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(GatewayOps.class);
    /** What an idle ops agent sleeps, ms. */
    static final long IDLE_SLEEP_MS = 5;

    private final OpsAgent agent;
    private final AgentRunner runner;

    private GatewayOps(final OpsAgent agent, final AgentRunner runner)
    {
        this.agent = agent;
        this.runner = runner;
    }

    /**
     * Start the ops agent of a concluded gateway context.
     *
     * @return the running ops agent, or null when the gateway has no ops port (its channel is empty) or the port cannot
     * be opened: the gateway runs on without, and says so once.
     */
    public static GatewayOps start(final GatewayContext ctx, final Aeron aeron)
    {
        final OpsContext ops = ctx.ops();
        if (ops.channel().isEmpty())
        {
            LOG.info("gateway {}: no ops port (its sequenced channel names no control port)", ctx.gatewayId());
            return null;
        }
        Authenticator authenticator = ops.authenticator();
        if (null == authenticator)
        {
            LOG.warn("gateway {}: its authenticator was given as an instance and none for the ops port " +
                "(GatewayContext.ops().authenticator): every ops logon is refused", ctx.gatewayId());
            authenticator = new RefuseAll();
        }
        final OpsAgent agent;
        try
        {
            agent = new OpsAgent(
                new OpsSettings(ctx.gatewayId(), ops.channel(), ops.maxSessions(), ops.sessionTimeoutMs()),
                aeron, authenticator, ops.fabricViewFactory().apply(ctx), ops.adminQueue(), ctx.securityCounters(),
                ctx.newMemberSealing(), SystemEpochClock.INSTANCE);
        }
        catch (final AeronException ex)
        {
            LOG.error("gateway {}: cannot open its ops port {} ({}): hedge status, hedge admin and role reports " +
                "cannot reach this gateway", ctx.gatewayId(), ops.channel(), ex.getMessage());
            return null;
        }
        final AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(IDLE_SLEEP_MS),
            ex -> LOG.error("gateway {}: ops agent: {}", ctx.gatewayId(), ex.toString()), null, agent);
        AgentRunner.startOnThread(runner);
        return new GatewayOps(agent, runner);
    }

    public OpsAgent agent()
    {
        return agent;
    }

    @Override
    public void close()
    {
        CloseHelper.close(runner);
    }

    /** For a gateway whose authenticator cannot be copied for the ops port. */
    private static final class RefuseAll implements Authenticator
    {
        @Override
        public void onConnect(final LogonSession session, final DirectBuffer credentials, final int offset,
            final int length)
        {
            session.reject();
        }

        @Override
        public void onChallengeResponse(final LogonSession session, final DirectBuffer response, final int offset,
            final int length)
        {
            session.reject();
        }

        @Override
        public String describe()
        {
            return "refuses every ops logon";
        }
    }
}
