package io.hedge.gateway;

import io.hedge.journal.JournalWriteException;
import io.hedge.ops.RoleReporter;
import io.hedge.transport.RoleRunner;
import io.hedge.transport.Terminator;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * A running gateway: its agent on a thread of its own. Close it to stop.
 */
public final class Gateway implements AutoCloseable
{
    private final RoleRunner<GatewayAgent> runner;

    private Gateway(final RoleRunner<GatewayAgent> runner)
    {
        this.runner = runner;
    }

    /**
     * Start a gateway.
     *
     * @param ctx its settings; concluded here, so a context serves one launch.
     * @return the running gateway.
     */
    public static Gateway launch(final GatewayContext ctx)
    {
        return new Gateway(RoleRunner.launch(
            ctx,
            aeron -> new GatewayAgent(ctx, ClientPublication.asyncOpener(aeron),
                (clients, inbound, term, peers, leadership) ->
                    AeronGatewayIo.open(ctx, aeron, clients, inbound, term, peers, leadership),
                SystemNanoClock.INSTANCE, new OffsetEpochNanoClock()),
            (aeron, agent) -> RoleReporter.open(aeron, ctx.ops(),
                new GatewayReport(agent, ctx.journalDir(), ctx.replicaCount(), SystemNanoClock.INSTANCE),
                GatewayReport.histograms(agent), ctx.newMemberSealing(), "hedge gateway " + ctx.gatewayId(),
                "gateway-" + ctx.gatewayId()),
            agent -> 0 == ctx.standbySleepNs() ? ctx.idleStrategySupplier().get() :
                new StandbyIdleStrategy(() -> agent.role() == GatewayAgent.Role.STANDBY,
                    ctx.idleStrategySupplier().get(), ctx.standbySleepNs()),
            JournalWriteException.class::isInstance,
            Terminator.HALT));
    }

    /**
     * @return the agent, for its counters.
     */
    public GatewayAgent agent()
    {
        return runner.agent();
    }

    @Override
    public void close()
    {
        runner.close();
    }
}
