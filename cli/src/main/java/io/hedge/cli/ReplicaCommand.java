package io.hedge.cli;

import io.hedge.replicas.Replica;
import io.hedge.codecs.fabric.ReplicaState;
import io.hedge.replicas.ReplicaAgent;
import io.hedge.replicas.ReplicaContext;
import io.hedge.replicas.StateMachineFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Runs one replica in this process until SIGTERM or Ctrl-C.
 */
@Command(name = "replica", mixinStandardHelpOptions = true,
    description = "Run the replica of one site: it loads its newest valid snapshot, replays its journal after it, " +
        "joins the sequenced stream, repairs any gap from the gateway's journal, applies every request to its state " +
        "machine (the sample trading engine unless --state-machine names another) and answers the gateway. SIGHUP " +
        "writes a snapshot; SIGTERM or Ctrl-C stops it; so does 'hedge admin shutdown', after a snapshot at the seq " +
        "it names (exit code 0; a restart replays nothing).")
final class ReplicaCommand implements Callable<Integer>
{
    @Mixin
    ConfigOptions options;

    @Mixin
    StateMachineOptions stateMachine;

    @Option(names = "--site", required = true, paramLabel = "SITE", description = "site name, one of the 'sites' setting")
    String site;

    @Override
    public Integer call()
    {
        final HedgeConfig config = stateMachine.applyTo(options.load());
        final int replicaId = config.replicaId(site);
        // before the media driver starts: a class that cannot be loaded leaves nothing behind
        final StateMachineFactory stateMachines = config.stateMachineFactory();
        final RoleRuntime runtime = new RoleRuntime(config, "replica-" + site);
        final ReplicaContext ctx = runtime.closeOnFailure(() ->
            config.replicaContext(site, runtime.aeronDir(), stateMachines)
                .adminStopHandler(RoleRuntime::exitAfterAdminStop));
        final Replica replica = runtime.closeOnFailure(() -> Replica.launch(ctx));
        // kill -HUP <pid>: write a snapshot at the next seq boundary
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> replica.agent().requestSnapshot());
        // the channels it joined (one per gateway), not the context's single-gateway default, which is unused when
        // the gateways are listed and would show localhost on a replica bound to its site's address
        System.out.printf("hedge replica %d site %s: state machine %s, sequenced %s stream %d, journal %s, " +
            "applied up to seq %d%n", replicaId, site, stateMachines, ctx.gateways().stream().map(io.hedge.transport.GatewayMember::sequencedChannel)
                .collect(java.util.stream.Collectors.joining(", ")), ctx.sequencedStreamId(), ctx.journalDir(),
            replica.agent().appliedSeq());
        System.out.flush();
        final WaitReporter waits = new WaitReporter("replica-" + site, WaitReporter.INTERVAL_MS,
            () -> waitingFor(replica.agent(), ctx));
        runtime.awaitShutdown(() ->
        {
            waits.close();
            final long applied = replica.agent().appliedSeq();
            final long hash = replica.agent().stateHash();
            replica.close();
            System.out.printf("hedge replica %d site %s stopped at seq %d, state hash %016x%n", replicaId, site, applied, hash);
            System.out.flush();
        });
        return 0;
    }

    /** What a replica that is not live waits for, or null. */
    static String waitingFor(final ReplicaAgent agent, final ReplicaContext ctx)
    {
        final ReplicaState state = agent.state();
        if (ReplicaState.LIVE == state || ReplicaState.STOPPED == state || ReplicaState.DIVERGED == state)
        {
            return null;
        }
        final String gateways = ctx.gateways().stream()
            .map(g -> "gateway " + g.gatewayId() + " on " + g.sequencedChannel() + " (answers to " + g.inboundChannel() +
                ")")
            .collect(Collectors.joining(", "));
        return String.format("replica %s is %s at epoch %d, applied seq %d, leader %s: it waits for an active gateway " +
            "to send the sequenced stream (stream %d): %s", ctx.site(), state, agent.epoch(), agent.appliedSeq(),
            0 == agent.leaderId() ? "none" : "gateway " + agent.leaderId(), ctx.sequencedStreamId(), gateways);
    }
}
