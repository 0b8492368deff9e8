package io.hedge.cli;

import io.hedge.ops.dashboard.DashboardLoop;
import io.hedge.ops.dashboard.DashboardModel;
import io.hedge.ops.dashboard.DashboardServer;
import io.hedge.ops.dashboard.OpsFeed;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.OpsChannel;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hedge dashboard}: subscribes to a gateway's ops port and serves the live page.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = {
        "Serve a live dashboard of a running fabric: p50/p99/p99.9/max over the last 10 minutes for each hop and each " +
            "replica, the last minute's percentile spectrum, answers won per site, replica lag, the health of every " +
            "role and the open alarms.",
        "It opens an ops session to one gateway's ops port with subscribe=TRUE (authenticated as client.principal " +
            "with client.secret.file; the principal needs the metrics permission) and pushes what it hears to the " +
            "page once a second (Server-Sent Events). The page, its script and its style are served by this process: " +
            "nothing is fetched from anywhere else.",
        "Binds to 127.0.0.1 unless --host says otherwise. Runs until stopped with SIGTERM or Ctrl-C."})
final class DashboardCommand implements Callable<Integer>
{
    /** Plugged in where the ops client is (see {@link DashboardFeeds}); tests put their own feed here. */
    static DashboardFeeds feeds = DashboardFeeds.OPS_CLIENT;

    @Mixin
    ConfigOptions options;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = DashboardServer.DEFAULT_HOST,
        description = "address to serve the page on (default: ${DEFAULT-VALUE}, this machine only; anything else " +
            "shows the fabric's figures, without a password, to whoever can reach it)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DashboardServer.DEFAULT_PORT,
        description = "TCP port of the page (default: ${DEFAULT-VALUE}; 0: any free port, printed)")
    int port;

    @Option(names = "--gateway", paramLabel = "ID", defaultValue = "1",
        description = "the gateway whose ops port to subscribe to, by id (default: ${DEFAULT-VALUE})")
    int gatewayId;

    @Override
    public Integer call() throws Exception
    {
        final HedgeConfig config = options.load();
        final Running running = start(config, System.out, System.err);
        running.runtime().awaitShutdown(running::stopFeedAndPage);
        return 0;
    }

    /**
     * Check the options, bind the page, start the media driver and the feed.
     *
     * @return the running dashboard, to close.
     */
    Running start(final HedgeConfig config, final PrintStream out, final PrintStream err) throws IOException
    {
        if (port < 0 || port > HedgeConfig.MAX_PORT)
        {
            throw new IllegalArgumentException("--port must be between 0 and " + HedgeConfig.MAX_PORT + ", got " + port);
        }
        final InetAddress address;
        try
        {
            address = InetAddress.getByName(host);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("--host '" + host + "' does not resolve");
        }
        final GatewayEndpoints gateway = gateway(config.gatewayEndpoints());
        final List<String> sites = config.sites();
        final DashboardModel model = new DashboardModel(System::currentTimeMillis,
            id -> id >= 1 && id <= sites.size() ? sites.get(id - 1) : null);
        final DashboardServer server;
        try
        {
            server = new DashboardServer(host, port, model::snapshotJson);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot serve on " + host + ":" + port + ": " + ex.getMessage(), ex);
        }
        RoleRuntime runtime = null;
        OpsFeed feed = null;
        try
        {
            runtime = new RoleRuntime(config, "dashboard");
            feed = feeds.open(config, gateway, runtime.aeronDir());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(server, runtime);
            throw ex;
        }
        if (!address.isLoopbackAddress())
        {
            err.println("hedge dashboard: WARNING: serving on " + host + ", not loopback: whoever can reach " +
                "this address sees the fabric's figures, without a password");
        }
        final DashboardLoop loop = new DashboardLoop(feed, model, System::currentTimeMillis,
            new SleepingMillisIdleStrategy(1));
        final Thread thread = new Thread(loop, "hedge-dashboard-feed");
        thread.setDaemon(true);
        thread.start();
        out.printf("hedge dashboard on %s (subscribing to gateway %d at %s)%n", server.url(), gateway.gatewayId(),
            OpsChannel.channel(gateway));
        out.flush();
        return new Running(server, loop, thread, feed, runtime);
    }

    private GatewayEndpoints gateway(final List<GatewayEndpoints> gateways)
    {
        for (final GatewayEndpoints endpoints : gateways)
        {
            if (endpoints.gatewayId() == gatewayId)
            {
                return endpoints;
            }
        }
        throw new IllegalArgumentException("--gateway " + gatewayId + " is not a gateway of this fabric " +
            "(gateway.count is " + gateways.size() + ")");
    }

    /**
     * A started dashboard: closing it stops the feed, then the page, then the media driver.
     */
    record Running(DashboardServer server, DashboardLoop loop, Thread thread, OpsFeed feed, RoleRuntime runtime)
        implements AutoCloseable
    {
        @Override
        public void close()
        {
            stopFeedAndPage();
            runtime.close();
        }

        void stopFeedAndPage()
        {
            loop.stop();
            try
            {
                thread.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            CloseHelper.quietCloseAll(feed, server);
        }
    }
}
