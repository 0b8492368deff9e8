package io.hedge.gateway;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: its agent on a thread of its own. Close it to stop.
 */
public final class Gateway implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Aeron ownedAeron;
    private final GatewayAgent agent;
    private final AgentRunner runner;

    private Gateway(final Aeron ownedAeron, final GatewayAgent agent, final AgentRunner runner)
    {
        this.ownedAeron = ownedAeron;
        this.agent = agent;
        this.runner = runner;
    }

    /**
     * Start a gateway.
     *
     * @param ctx its settings; checked here.
     * @return the running gateway.
     */
    public static Gateway launch(final GatewayContext ctx)
    {
        ctx.conclude();
        final Aeron ownedAeron = null == ctx.aeron() ?
            Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())) : null;
        final Aeron aeron = null == ownedAeron ? ctx.aeron() : ownedAeron;
        try
        {
            final GatewayAgent agent = new GatewayAgent(
                ctx, aeron, SystemNanoClock.INSTANCE, new OffsetEpochNanoClock());
            final AgentRunner runner = new AgentRunner(
                0 == ctx.standbySleepNs() ? ctx.idleStrategySupplier().get() :
                    new StandbyIdleStrategy(agent, ctx.idleStrategySupplier().get(), ctx.standbySleepNs()),
                ex -> LOG.error("gateway " + ctx.gatewayId() + " failed", ex),
                null,
                agent);
            AgentRunner.startOnThread(runner);
            return new Gateway(ownedAeron, agent, runner);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(ownedAeron);
            throw ex;
        }
    }

    /**
     * @return the agent, for its counters.
     */
    public GatewayAgent agent()
    {
        return agent;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(runner, ownedAeron);
    }
}
