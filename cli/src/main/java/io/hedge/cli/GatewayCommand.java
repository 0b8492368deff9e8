package io.hedge.cli;

import io.hedge.gateway.Gateway;
import io.hedge.gateway.GatewayAgent;
import io.hedge.gateway.GatewayContext;
import io.hedge.gateway.GatewayState;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the gateway in this process until SIGTERM or Ctrl-C.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Run a gateway: client sessions, sequencer, gateway journal and response collector. With " +
        "gateway.count > 1, one gateway is active and the others are standbys that follow it and take over when it " +
        "falls silent (docs/FAILOVER.md); set gateway.id for each. Runs until stopped with SIGTERM or Ctrl-C, or, as " +
        "the active gateway, by 'hedge admin shutdown' (exit code 0).")
final class GatewayCommand implements Callable<Integer>
{
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call()
    {
        final HedgeConfig config = options.load();
        final int gatewayId = config.gatewayContextId();
        final RoleRuntime runtime = new RoleRuntime(config, 1 == gatewayId ? "gateway" : "gateway-" + gatewayId);
        final GatewayContext ctx = runtime.closeOnFailure(() -> config.gatewayContext(runtime.aeronDir())
            .adminStopHandler(RoleRuntime::exitAfterAdminStop));
        final Gateway gateway = runtime.closeOnFailure(() -> Gateway.launch(ctx));
        System.out.printf("hedge gateway %d (%d peer gateways, %d replicas): ingress %s stream %d, sequenced %s " +
            "stream %d, journal %s; standing by until elected%n", ctx.gatewayId(), ctx.peers().size(),
            ctx.replicaCount(), ctx.ingressChannel(), ctx.ingressStreamId(), ctx.sequencedChannel(),
            ctx.sequencedStreamId(), ctx.journalDir());
        System.out.flush();
        final WaitReporter waits = new WaitReporter("gateway", WaitReporter.INTERVAL_MS,
            () -> waitingFor(gateway.agent(), ctx, config.sites()));
        runtime.awaitShutdown(() -> CloseHelper.closeAll(waits, gateway));
        return 0;
    }

    /** What a gateway that is neither active nor following an active one waits for, or null. */
    static String waitingFor(final GatewayAgent agent, final GatewayContext ctx, final List<String> sites)
    {
        final GatewayState state = agent.state();
        if (GatewayAgent.Role.ACTIVE == agent.role() || GatewayState.FOLLOWING == state)
        {
            return null;
        }
        return String.format("gateway %d is %s at epoch %d: it becomes active with the votes of a majority of its %d " +
            "replicas (sites %s), which it hears on %s stream %d; start them with 'hedge replica --site SITE'",
            ctx.gatewayId(), state, agent.epoch(), ctx.replicaCount(), String.join(", ", sites),
            ctx.replicaChannel(), ctx.replicaStreamId());
    }
}
