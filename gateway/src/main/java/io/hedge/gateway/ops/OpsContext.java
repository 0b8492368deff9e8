package io.hedge.gateway.ops;

import io.aeron.ChannelUri;
import io.hedge.gateway.GatewayConfiguration;
import io.hedge.gateway.GatewayContext;
import io.hedge.gateway.admin.AdminQueue;
import io.hedge.gateway.auth.Authenticator;
import io.hedge.gateway.auth.Authenticators;
import io.hedge.ops.FabricView;
import io.hedge.transport.ChannelCheck;
import io.hedge.transport.OpsChannel;

import java.util.function.Function;

/**
 * The settings of a gateway's ops port, part of its {@link GatewayContext} and concluded with it: where it listens,
 * how many ops sessions it keeps and for how long, what knows the fabric's health ({@link #fabricViewFactory}), where
 * admin verbs go ({@link #adminQueue()}), and who may log on.
 */
public final class OpsContext
{
    /** Shortest ops session timeout: three keep-alive intervals of a tool. */
    public static final long MIN_SESSION_TIMEOUT_MS = 3_000;
    public static final int MAX_SESSIONS_LIMIT = 1024;

    private String channel;
    private int maxSessions = GatewayConfiguration.OPS_MAX_SESSIONS.defaultInt();
    private long sessionTimeoutMs = GatewayConfiguration.OPS_SESSION_TIMEOUT_MS.defaultLong();
    // a gateway built in code watches its fabric as one built from settings does, with the default thresholds
    private Function<GatewayContext, FabricView> fabricViewFactory = gateway -> new io.hedge.ops.health.HealthMonitor(
        io.hedge.ops.health.HealthPolicy.defaults(), gateway.peers().size() + 1, gateway.replicaCount());
    private AdminQueue adminQueue = new AdminQueue();
    private Authenticator authenticator;

    /**
     * @param gateway              concluded up to its authenticator.
     * @param authenticatorFromName the gateway's authenticator was made from its settings (not given as an instance):
     *                             the ops port makes one of its own from the same settings.
     */
    public void conclude(final GatewayContext gateway, final boolean authenticatorFromName)
    {
        if (maxSessions < 1 || maxSessions > MAX_SESSIONS_LIMIT)
        {
            throw GatewayConfiguration.OPS_MAX_SESSIONS.invalid("must be between 1 and " + MAX_SESSIONS_LIMIT +
                ", got " + maxSessions);
        }
        if (sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS)
        {
            throw GatewayConfiguration.OPS_SESSION_TIMEOUT_MS.invalid("must be at least " + MIN_SESSION_TIMEOUT_MS +
                " ms (three of a tool's keep-alive intervals), got " + sessionTimeoutMs);
        }
        if (null == channel)
        {
            channel = derivedChannel(gateway.sequencedChannel());
        }
        if (!channel.isEmpty())
        {
            ChannelCheck.require("the gateway's ops channel (sequenced port + " + OpsChannel.PORT_OFFSET + ")", channel);
        }
        if (null == authenticator)
        {
            // an authenticator is used on one thread only: the ops agent gets an instance of its own, made from the
            // same settings; one given as an instance cannot be copied, so ops logons are then refused
            authenticator = authenticatorFromName ?
                Authenticators.select(gateway.authenticatorName(), gateway.principalsFile()) : null;
        }
        if (null == fabricViewFactory || null == adminQueue)
        {
            throw new IllegalArgumentException("the ops port needs a fabric view factory and an admin queue");
        }
    }

    /**
     * The ops channel of a gateway whose sequenced channel is {@code aeron:udp?control=host:port|...} or
     * {@code aeron:udp?endpoint=group:port|interface=host|...}: that host, {@link OpsChannel#PORT_OFFSET} above that
     * port, as {@link OpsChannel#channel} derives it from the endpoints.
     *
     * @return the channel, or empty when the sequenced channel names no control port (no ops port then).
     */
    static String derivedChannel(final String sequencedChannel)
    {
        try
        {
            final ChannelUri uri = ChannelUri.parse(sequencedChannel);
            final String control = uri.get("control");
            final String multicastInterface = uri.get("interface");
            // multicast: the group's port is the sequenced port and the interface it is sent on the gateway's address
            final String address = null != control ? control :
                null != multicastInterface && null != uri.get("endpoint") ? uri.get("endpoint") : null;
            final int colon = null == address ? -1 : address.lastIndexOf(':');
            if (colon <= 0)
            {
                return "";
            }
            final String host = null != control ? control.substring(0, colon) : multicastInterface;
            final int port = Integer.parseInt(address.substring(colon + 1)) + OpsChannel.PORT_OFFSET;
            return port > 65535 ? "" : "aeron:udp?endpoint=" + host + ":" + port;
        }
        catch (final RuntimeException ex)
        {
            return "";
        }
    }

    /**
     * @return where the ops port listens; empty: none.
     */
    public String channel()
    {
        return channel;
    }

    /**
     * @param channel where the ops port listens ({@link OpsChannel#channel}); empty for none; unset: derived from the
     *                sequenced channel.
     */
    public OpsContext channel(final String channel)
    {
        this.channel = channel;
        return this;
    }

    public int maxSessions()
    {
        return maxSessions;
    }

    public OpsContext maxSessions(final int maxSessions)
    {
        this.maxSessions = maxSessions;
        return this;
    }

    public long sessionTimeoutMs()
    {
        return sessionTimeoutMs;
    }

    public OpsContext sessionTimeoutMs(final long sessionTimeoutMs)
    {
        this.sessionTimeoutMs = sessionTimeoutMs;
        return this;
    }

    public Function<GatewayContext, FabricView> fabricViewFactory()
    {
        return fabricViewFactory;
    }

    /**
     * @param fabricViewFactory makes the ops agent's view of the fabric (the health monitor), given the concluded
     *                          gateway context; called once, at launch. Default: a HealthMonitor with the default thresholds.
     */
    public OpsContext fabricViewFactory(final Function<GatewayContext, FabricView> fabricViewFactory)
    {
        this.fabricViewFactory = fabricViewFactory;
        return this;
    }

    /**
     * @return where the ops agent hands admin verbs to the gateway agent.
     */
    public AdminQueue adminQueue()
    {
        return adminQueue;
    }

    public OpsContext adminQueue(final AdminQueue adminQueue)
    {
        this.adminQueue = adminQueue;
        return this;
    }

    /**
     * @return the ops port's own authenticator; null: every ops logon is refused.
     */
    public Authenticator authenticator()
    {
        return authenticator;
    }

    /**
     * @param authenticator an instance for the ops port alone (not the one the gateway agent uses).
     */
    public OpsContext authenticator(final Authenticator authenticator)
    {
        this.authenticator = authenticator;
        return this;
    }
}
