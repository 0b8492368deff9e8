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
    description = "Run the gateway: client sessions, sequencer, gateway journal and response collector. " +
        "Runs until stopped with SIGTERM or Ctrl-C.")
final class GatewayCommand implements Callable<Integer>
{
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call()
    {
        final HedgeConfig config = options.load();
        final RoleRuntime runtime = new RoleRuntime(config, "gateway");
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
        System.out.printf("hedge gateway %d epoch %d: ingress %s stream %d, sequenced %s stream %d, journal %s%n",
            ctx.gatewayId(), ctx.epoch(), ctx.ingressChannel(), ctx.ingressStreamId(), ctx.sequencedChannel(),
            ctx.sequencedStreamId(), ctx.journalDir());
        System.out.flush();
        runtime.awaitShutdown(gateway);
        return 0;
    }
}
