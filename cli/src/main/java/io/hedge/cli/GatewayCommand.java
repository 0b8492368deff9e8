package io.hedge.cli;

import io.hedge.gateway.Gateway;
import io.hedge.gateway.GatewayContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * Runs the gateway in this process until SIGTERM or Ctrl-C.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Run a gateway: client sessions, sequencer, gateway journal and response collector. With " +
        "gateway.count > 1, one gateway is active and the others are standbys that follow it and take over when it " +
        "falls silent (docs/FAILOVER.md); set gateway.id for each. Runs until stopped with SIGTERM or Ctrl-C.")
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
        final GatewayContext ctx = config.gatewayContext(runtime.aeronDir());
        final Gateway gateway;
        try
        {
            gateway = Gateway.launch(ctx);
        }
        catch (final RuntimeException ex)
        {
            runtime.close();
            throw ex;
        }
        System.out.printf("hedge gateway %d (%d peer gateways, %d replicas): ingress %s stream %d, sequenced %s " +
            "stream %d, journal %s; standing by until elected%n", ctx.gatewayId(), ctx.peers().size(),
            ctx.replicaCount(), ctx.ingressChannel(), ctx.ingressStreamId(), ctx.sequencedChannel(),
            ctx.sequencedStreamId(), ctx.journalDir());
        System.out.flush();
        runtime.awaitShutdown(gateway);
        return 0;
    }
}
