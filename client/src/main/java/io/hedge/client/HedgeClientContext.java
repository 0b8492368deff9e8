package io.hedge.client;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Settings of a client, each with a default that reaches a gateway on this machine. {@link #conclude()}
 * checks them once and names the one that is wrong.
 */
public final class HedgeClientContext
{
    public static final String DEFAULT_INGRESS_CHANNEL = "aeron:udp?endpoint=localhost:20121";
    public static final int DEFAULT_INGRESS_STREAM_ID = 10;
    /** Port 0: the media driver picks a free port, and the gateway is told the one it picked. */
    public static final String DEFAULT_RESPONSE_CHANNEL = "aeron:udp?endpoint=localhost:0";
    public static final int DEFAULT_RESPONSE_STREAM_ID = 11;

    private long clientId;
    private String aeronDirectoryName;
    private Aeron aeron;
    private String ingressChannel = DEFAULT_INGRESS_CHANNEL;
    private int ingressStreamId = DEFAULT_INGRESS_STREAM_ID;
    private String responseChannel = DEFAULT_RESPONSE_CHANNEL;
    private int responseStreamId = DEFAULT_RESPONSE_STREAM_ID;
    private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(5);
    private long requestTimeoutNs = TimeUnit.SECONDS.toNanos(5);
    private int maxInFlight = 16 * 1024;
    private Supplier<IdleStrategy> idleStrategySupplier =
        () -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));

    /**
     * Check every setting; pick a client id if none was given.
     *
     * @return this.
     */
    public HedgeClientContext conclude()
    {
        if (clientId == 0)
        {
            // a client that wants exactly-once across its own restarts sets a stable id; otherwise any unique one
            clientId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        }
        if (clientId < 0)
        {
            throw new IllegalArgumentException("client id must be positive, got " + clientId);
        }
        if (null == aeron && null == aeronDirectoryName)
        {
            throw new IllegalArgumentException("client needs an Aeron client or an aeron directory name");
        }
        checkChannel("ingress channel", ingressChannel);
        checkChannel("response channel", responseChannel);
        if (connectTimeoutNs <= 0 || requestTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("connect and request timeouts must be positive");
        }
        if (maxInFlight < 2 || Integer.bitCount(maxInFlight) != 1)
        {
            throw new IllegalArgumentException("max in flight must be a power of two, got " + maxInFlight);
        }
        if (null == idleStrategySupplier)
        {
            throw new IllegalArgumentException("idle strategy is required");
        }
        return this;
    }

    private static void checkChannel(final String name, final String channel)
    {
        if (null == channel || channel.isBlank())
        {
            throw new IllegalArgumentException(name + " is required");
        }
        try
        {
            ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(
                name + " is not a valid Aeron channel: '" + channel + "' (" + ex.getMessage() + ")", ex);
        }
    }

    public long clientId()
    {
        return clientId;
    }

    public HedgeClientContext clientId(final long clientId)
    {
        this.clientId = clientId;
        return this;
    }

    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    public HedgeClientContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @param aeron a client the caller owns and closes; when set, the directory name is not used.
     * @return this.
     */
    public HedgeClientContext aeron(final Aeron aeron)
    {
        this.aeron = aeron;
        return this;
    }

    public String ingressChannel()
    {
        return ingressChannel;
    }

    public HedgeClientContext ingressChannel(final String ingressChannel)
    {
        this.ingressChannel = ingressChannel;
        return this;
    }

    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    public HedgeClientContext ingressStreamId(final int ingressStreamId)
    {
        this.ingressStreamId = ingressStreamId;
        return this;
    }

    public String responseChannel()
    {
        return responseChannel;
    }

    public HedgeClientContext responseChannel(final String responseChannel)
    {
        this.responseChannel = responseChannel;
        return this;
    }

    public int responseStreamId()
    {
        return responseStreamId;
    }

    public HedgeClientContext responseStreamId(final int responseStreamId)
    {
        this.responseStreamId = responseStreamId;
        return this;
    }

    public long connectTimeoutNs()
    {
        return connectTimeoutNs;
    }

    public HedgeClientContext connectTimeoutNs(final long connectTimeoutNs)
    {
        this.connectTimeoutNs = connectTimeoutNs;
        return this;
    }

    public long requestTimeoutNs()
    {
        return requestTimeoutNs;
    }

    public HedgeClientContext requestTimeoutNs(final long requestTimeoutNs)
    {
        this.requestTimeoutNs = requestTimeoutNs;
        return this;
    }

    public int maxInFlight()
    {
        return maxInFlight;
    }

    public HedgeClientContext maxInFlight(final int maxInFlight)
    {
        this.maxInFlight = maxInFlight;
        return this;
    }

    public Supplier<IdleStrategy> idleStrategySupplier()
    {
        return idleStrategySupplier;
    }

    public HedgeClientContext idleStrategySupplier(final Supplier<IdleStrategy> idleStrategySupplier)
    {
        this.idleStrategySupplier = idleStrategySupplier;
        return this;
    }
}
