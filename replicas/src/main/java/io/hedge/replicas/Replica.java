package io.hedge.replicas;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running replica: its agent on a thread of its own. Close it to stop.
 */
public final class Replica implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final Aeron ownedAeron;
    private final ReplicaAgent agent;
    private final AgentRunner runner;

    private Replica(final Aeron ownedAeron, final ReplicaAgent agent, final AgentRunner runner)
    {
        this.ownedAeron = ownedAeron;
        this.agent = agent;
        this.runner = runner;
    }

    /**
     * Start a replica: replay its journal, then join the sequenced stream.
     *
     * @param ctx its settings; checked here.
     * @return the running replica.
     */
    public static Replica launch(final ReplicaContext ctx)
    {
        ctx.conclude();
        final Aeron ownedAeron = null == ctx.aeron() ?
            Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())) : null;
        final Aeron aeron = null == ownedAeron ? ctx.aeron() : ownedAeron;
        try
        {
            final ReplicaAgent agent = new ReplicaAgent(ctx, aeron, SystemNanoClock.INSTANCE);
            final AgentRunner runner = new AgentRunner(
                ctx.idleStrategySupplier().get(),
                ex -> LOG.error("replica " + ctx.replicaId() + " (site " + ctx.site() + ") failed", ex),
                null,
                agent);
            AgentRunner.startOnThread(runner);
            return new Replica(ownedAeron, agent, runner);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(ownedAeron);
            throw ex;
        }
    }

    /**
     * @return the agent, for its state and counters.
     */
    public ReplicaAgent agent()
    {
        return agent;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(runner, ownedAeron);
    }
}
