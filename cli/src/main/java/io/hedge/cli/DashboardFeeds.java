package io.hedge.cli;

import io.hedge.ops.OpsListener;
import io.hedge.ops.dashboard.OpsFeed;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.OpsChannel;

/**
 * Where {@code hedge dashboard} gets its messages: an ops session with subscribe=TRUE to one gateway's ops port,
 * authenticated as {@code client.principal} with {@code client.secret.file}. This is the one place the ops client is
 * plugged in: {@link #open} returns an {@link OpsFeed} that hands what the session hears to the dashboard's model
 * (an {@link OpsListener}) from its {@code poll}. With the ops client, that is an
 * {@link io.hedge.ops.dashboard.ReconnectingFeed} whose connector opens an OpsClient on an Aeron client of the
 * media driver at aeronDir (and closes that Aeron client with the feed).
 */
@FunctionalInterface
interface DashboardFeeds
{
    /**
     * @param config   the settings (client.principal, client.secret.file, the streams).
     * @param gateway  the gateway to subscribe to; its ops channel is {@link OpsChannel#channel(GatewayEndpoints)}.
     * @param aeronDir the media driver the command started for the session.
     * @return the feed, not yet started.
     */
    OpsFeed open(HedgeConfig config, GatewayEndpoints gateway, String aeronDir);

    /**
     * The ops client's feed: an {@link io.hedge.ops.dashboard.ReconnectingFeed} whose connector opens an
     * {@link io.hedge.ops.OpsClient} (subscribe=TRUE, a 3 s logon timeout) on an Aeron client of the media driver at
     * aeronDir, closed with the feed.
     */
    DashboardFeeds OPS_CLIENT = (config, gateway, aeronDir) ->
    {
        final io.aeron.Aeron aeron = io.aeron.Aeron.connect(new io.aeron.Aeron.Context().aeronDirectoryName(aeronDir));
        final io.hedge.ops.OpsClient.Options options = new io.hedge.ops.OpsClient.Options(OpsChannel.channel(gateway),
            gateway.gatewayId(), config.get("host"), config.clientCredentials(), true, 3_000);
        return new io.hedge.ops.dashboard.ReconnectingFeed(() ->
        {
            final io.hedge.ops.OpsClient client = io.hedge.ops.OpsClient.connect(aeron, options);
            return new io.hedge.ops.dashboard.ReconnectingFeed.Session()
            {
                @Override
                public int poll(final OpsListener listener)
                {
                    return client.poll(listener);
                }

                @Override
                public void close()
                {
                    client.close();
                }
            };
        }, "gateway " + gateway.gatewayId() + " at " + OpsChannel.channel(gateway), System::currentTimeMillis, aeron);
    };

    /**
     * The feed of a build without the ops client: none. The ops client (OpsClient, issue 13) is not in this build yet, so the page says
     * so instead of pretending to be connected.
     */
    DashboardFeeds UNPLUGGED = (config, gateway, aeronDir) -> new OpsFeed()
    {
        @Override
        public void start(final OpsListener listener)
        {
        }

        @Override
        public int poll()
        {
            return 0;
        }

        @Override
        public boolean connected()
        {
            return false;
        }

        @Override
        public String describe()
        {
            return "no ops client in this build: cannot subscribe to gateway " + gateway.gatewayId() + " at " +
                OpsChannel.channel(gateway);
        }

        @Override
        public void close()
        {
        }
    };
}
