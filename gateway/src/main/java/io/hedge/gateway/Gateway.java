package io.hedge.gateway;

import io.aeron.Aeron;
import io.hedge.gateway.ops.GatewayOps;
import io.hedge.journal.JournalWriteException;
import io.hedge.ops.RoleReporter;
import io.hedge.transport.RoleRunner;
import io.hedge.transport.Terminator;
import org.agrona.CloseHelper;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * A running gateway: its agent on a thread of its own, and its ops agent (the ops port: role reports, ops sessions,
 * admin verbs) on another. Close it to stop.
 */
public final class Gateway implements AutoCloseable
{
    private final RoleRunner<GatewayAgent> runner;
    private final GatewayOps ops;

    private Gateway(final RoleRunner<GatewayAgent> runner, final GatewayOps ops)
    {
        this.runner = runner;
        this.ops = ops;
    }

    /**
     * Start a gateway.
     *
     * @param ctx its settings; concluded here, so a context serves one launch.
     * @return the running gateway.
     */
    public static Gateway launch(final GatewayContext ctx)
    {
        final Aeron[] client = new Aeron[1];
        final RoleRunner<GatewayAgent> runner = RoleRunner.launch(
            ctx,
            aeron ->
            {
                client[0] = aeron; // the ops agent shares the gateway's Aeron client
                return new GatewayAgent(ctx, ClientPublication.asyncOpener(aeron),
                    (clients, inbound, term, peers, leadership) ->
                        AeronGatewayIo.open(ctx, aeron, clients, inbound, term, peers, leadership),
                    SystemNanoClock.INSTANCE, new OffsetEpochNanoClock());
            },
            (aeron, agent) -> RoleReporter.open(aeron, ctx.reporting(),
                new GatewayReport(agent, ctx.journalDir(), ctx.replicaCount(), SystemNanoClock.INSTANCE),
                GatewayReport.histograms(agent), ctx.newMemberSealing(), "hedge gateway " + ctx.gatewayId(),
                "gateway-" + ctx.gatewayId()),
            agent -> 0 == ctx.standbySleepNs() ? ctx.idleStrategySupplier().get() :
                new StandbyIdleStrategy(() -> agent.role() == GatewayAgent.Role.STANDBY,
                    ctx.idleStrategySupplier().get(), ctx.standbySleepNs()),
            JournalWriteException.class::isInstance,
            Terminator.HALT);
        try
        {
            return new Gateway(runner, GatewayOps.start(ctx, client[0]));
        }
        catch (final RuntimeException ex)
        {
            runner.close();
            throw ex;
        }
    }

    /**
     * @return the agent, for its counters.
     */
    public GatewayAgent agent()
    {
        return runner.agent();
    }

    /**
     * @return the ops agent, or null when this gateway has no ops port.
     */
    public GatewayOps ops()
    {
        return ops;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(ops, runner);
    }
}
