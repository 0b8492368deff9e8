package io.hedge.replicas;

import io.hedge.journal.JournalCorruptException;
import io.hedge.journal.JournalWriteException;
import io.hedge.ops.RoleReporter;
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
            (aeron, agent) -> RoleReporter.open(aeron, ctx.reporting(), new ReplicaReport(agent, ctx.journalDir()),
                ReplicaReport.histograms(agent), ctx.newMemberSealing(),
                "hedge replica " + ctx.replicaId() + " (site " + ctx.site() + ")", "replica-" + ctx.site()),
            agent -> ctx.idleStrategySupplier().get(),
            Replica::endsTheProcess,
            Terminator.HALT));
    }

    /**
     * A journal that cannot be written, or one found not whole while running (a torn effects excerpt met by a repair's
     * cut, `hedge chaos --seed 1208`), ends the process with code 75: going on would leave the state machine and the
     * journal at different seqs, and a restart checks and repairs both before anything is applied.
     */
    static boolean endsTheProcess(final Throwable failure)
    {
        return failure instanceof JournalWriteException || failure instanceof JournalCorruptException;
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
