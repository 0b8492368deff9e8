package io.hedge.transport;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * The launch shape every role shares: conclude its Context, connect an Aeron client unless one is given, build the
 * agent, run it on a thread of its own; close in the reverse order.
 *
 * @param <A> the role's agent.
 */
public final class RoleRunner<A extends Agent> implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RoleRunner.class);

    private final Aeron ownedAeron;
    private final A agent;
    private final AgentRunner runner;

    private RoleRunner(final Aeron ownedAeron, final A agent, final AgentRunner runner)
    {
        this.ownedAeron = ownedAeron;
        this.agent = agent;
        this.runner = runner;
    }

    /**
     * @param ctx          the role's settings; concluded here.
     * @param agentFactory builds the agent on the Aeron client.
     * @param idleStrategy the idle strategy of the agent's thread, given the agent.
     * @param <A>          the agent's type.
     * @return the running role.
     */
    public static <A extends Agent> RoleRunner<A> launch(
        final RoleContext<?> ctx, final Function<Aeron, A> agentFactory, final Function<A, IdleStrategy> idleStrategy)
    {
        ctx.conclude();
        final Aeron ownedAeron = null == ctx.aeron() ?
            Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())) : null;
        final Aeron aeron = null == ownedAeron ? ctx.aeron() : ownedAeron;
        try
        {
            final A agent = agentFactory.apply(aeron);
            final AgentRunner runner = new AgentRunner(
                idleStrategy.apply(agent), ex -> LOG.error(ctx.roleName() + " failed", ex), null, agent);
            AgentRunner.startOnThread(runner);
            return new RoleRunner<>(ownedAeron, agent, runner);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(ownedAeron);
            throw ex;
        }
    }

    public A agent()
    {
        return agent;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(runner, ownedAeron);
    }
}
