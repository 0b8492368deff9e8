package io.hedge.replicas;

import io.hedge.journal.JournalWriteException;
import io.hedge.transport.RoleRunner;
import io.hedge.transport.Terminator;
import org.agrona.concurrent.SystemNanoClock;

/**
 * A running replica: its agent on a thread of its own. Close it to stop.
 */
public final class Replica implements AutoCloseable
{
    private final RoleRunner<ReplicaAgent> runner;

    private Replica(final RoleRunner<ReplicaAgent> runner)
    {
        this.runner = runner;
    }

    /**
     * Start a replica: recover its state (snapshot, journal, promise), then join the sequenced stream.
     *
     * @param ctx its settings; concluded here, so a context serves one launch.
     * @return the running replica.
     */
    public static Replica launch(final ReplicaContext ctx)
    {
        return new Replica(RoleRunner.launch(
            ctx,
            aeron -> new ReplicaAgent(
                ctx,
                SystemNanoClock.INSTANCE,
                ReplicaCounters.newStateCounter(aeron, ctx.replicaId(), ctx.site()),
                listener -> new AeronGatewayTransport(aeron, ctx, listener)),
            agent -> ctx.idleStrategySupplier().get(),
            JournalWriteException.class::isInstance,
            Terminator.HALT));
    }

    /**
     * @return the agent, for its state and counters.
     */
    public ReplicaAgent agent()
    {
        return runner.agent();
    }

    @Override
    public void close()
    {
        runner.close();
    }
}
