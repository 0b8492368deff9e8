package io.hedge.client;

import io.hedge.transport.ChannelCheck;
import io.hedge.transport.ClientCredentials;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.RoleContext;
import io.hedge.transport.TransportConfiguration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Settings of a client, each with a default that reaches a gateway on this machine: the channel layout's
 * ({@link GatewayEndpoints}), and {@link ClientConfiguration}'s and {@link TransportConfiguration}'s defaults.
 * {@link #conclude()} checks them once, naming the properties key of the one that is wrong where it has one; a
 * context serves one {@link HedgeSession#connect} or {@link HedgeClient#connect}.
 * <p>
 * A fabric has one or more gateways, one active and the others standing by. The client is given every gateway's
 * ingress channel ({@link #gatewayIngressChannels(List)}); the gateway id of each is its position in that list
 * plus one. All of them answer on the client's one response channel.
 */
public final class HedgeClientContext extends RoleContext<HedgeClientContext>
{
    /** Gateway 1's ingress in the default channel layout. */
    public static final String DEFAULT_INGRESS_CHANNEL = GatewayEndpoints.fromBase(
        1, TransportConfiguration.GATEWAY_HOST.defaultValue(), TransportConfiguration.INGRESS_PORT.defaultInt())
        .ingressChannel();
    public static final int DEFAULT_INGRESS_STREAM_ID = TransportConfiguration.INGRESS_STREAM.defaultInt();
    /** Port 0: the media driver picks a free port, and the gateway is told the one it picked. */
    public static final String DEFAULT_RESPONSE_CHANNEL =
        GatewayEndpoints.clientResponseChannel(TransportConfiguration.HOST.defaultValue());
    public static final int DEFAULT_RESPONSE_STREAM_ID = TransportConfiguration.CLIENT_STREAM.defaultInt();
    /** How long a request waits for its answer by default. */
    public static final long DEFAULT_REQUEST_TIMEOUT_NS = ClientConfiguration.TIMEOUT_MS.defaultNanosFromMillis();
    /** How long {@link HedgeSession#connect} waits for the active gateway by default. */
    public static final long DEFAULT_CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    /** Requests that may wait for answers at once, by default. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 16 * 1024;
    /** Silence from the active gateway, with a request waiting, after which the client looks for another. */
    public static final long DEFAULT_FAILOVER_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** First wait before ClientConnect is sent again while the client looks for the active gateway. */
    public static final long DEFAULT_CONNECT_RETRY_INTERVAL_NS =
        ClientConfiguration.BACKOFF_INITIAL_MS.defaultNanosFromMillis();
    /** Longest wait between ClientConnects to a gateway not heard from, or rounds of them while failing over. */
    public static final long DEFAULT_CONNECT_BACKOFF_MAX_NS = ClientConfiguration.BACKOFF_MAX_MS.defaultNanosFromMillis();
    /** Fraction of each wait taken off at random. */
    public static final double DEFAULT_CONNECT_BACKOFF_JITTER =
        Double.parseDouble(ClientConfiguration.BACKOFF_JITTER.defaultValue());
    /** Bytes kept for the payloads of requests waiting for answers, to resend them after a failover. */
    public static final int DEFAULT_REQUEST_STORE_CAPACITY = 8 * 1024 * 1024;
    /** Smallest request store accepted. */
    public static final int MIN_REQUEST_STORE_CAPACITY = 1024;
    /** Largest request store accepted. */
    public static final int MAX_REQUEST_STORE_CAPACITY = 1024 * 1024 * 1024;

    private long clientId;
    private List<String> gatewayIngressChannels = List.of(DEFAULT_INGRESS_CHANNEL);
    private int ingressStreamId = DEFAULT_INGRESS_STREAM_ID;
    private String responseChannel = DEFAULT_RESPONSE_CHANNEL;
    private int responseStreamId = DEFAULT_RESPONSE_STREAM_ID;
    private long connectTimeoutNs = DEFAULT_CONNECT_TIMEOUT_NS;
    private long requestTimeoutNs = DEFAULT_REQUEST_TIMEOUT_NS;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private long failoverTimeoutNs = DEFAULT_FAILOVER_TIMEOUT_NS;
    private long connectRetryIntervalNs = DEFAULT_CONNECT_RETRY_INTERVAL_NS;
    private int requestStoreCapacity = DEFAULT_REQUEST_STORE_CAPACITY;
    private long connectBackoffMaxNs = DEFAULT_CONNECT_BACKOFF_MAX_NS;
    private double connectBackoffJitter = DEFAULT_CONNECT_BACKOFF_JITTER;
    private ConnectionStateListener connectionStateListener;
    private String principal = ClientConfiguration.PRINCIPAL.defaultValue();
    private Path secretFile;
    private byte[] secret;
    private ClientCredentials credentials = ClientCredentials.NONE;
    private SessionMessageListener sessionMessageListener;

    @Override
    public String roleName()
    {
        return "client";
    }

    /**
     * Check the client's settings; pick a client id if none was given. Settings a properties file sets are named by
     * their key (client.ingress.channel, client.response.channel, client.timeout.ms), the others by what they are.
     */
    @Override
    protected void concludeRole()
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
        checkGatewayIngressChannels(gatewayIngressChannels);
        ChannelCheck.require(ClientConfiguration.RESPONSE_CHANNEL.key() + " (the response channel)", responseChannel);
        if (connectTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeoutNs + " ns");
        }
        if (requestTimeoutNs <= 0)
        {
            throw ClientConfiguration.TIMEOUT_MS.invalid(
                "(the request timeout) must be positive, got " + requestTimeoutNs + " ns");
        }
        if (failoverTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("failover timeout must be positive, got " + failoverTimeoutNs + " ns");
        }
        if (connectRetryIntervalNs <= 0)
        {
            throw ClientConfiguration.BACKOFF_INITIAL_MS.invalid(
                "(the first connect backoff): the connect retry interval must be positive, got " +
                connectRetryIntervalNs + " ns");
        }
        if (connectBackoffMaxNs < connectRetryIntervalNs)
        {
            throw ClientConfiguration.BACKOFF_MAX_MS.invalid("(the longest connect backoff, " + connectBackoffMaxNs +
                " ns) must be at least " + ClientConfiguration.BACKOFF_INITIAL_MS.key() + " (" +
                connectRetryIntervalNs + " ns)");
        }
        if (!(connectBackoffJitter >= 0 && connectBackoffJitter <= 1))
        {
            throw ClientConfiguration.BACKOFF_JITTER.invalid(
                "(the random part of a connect backoff) must be between 0 and 1, got " + connectBackoffJitter);
        }
        if (requestStoreCapacity < MIN_REQUEST_STORE_CAPACITY || requestStoreCapacity > MAX_REQUEST_STORE_CAPACITY)
        {
            throw new IllegalArgumentException("request store capacity must be between " + MIN_REQUEST_STORE_CAPACITY +
                " and " + MAX_REQUEST_STORE_CAPACITY + " bytes, got " + requestStoreCapacity);
        }
        if (maxInFlight < 2 || Integer.bitCount(maxInFlight) != 1)
        {
            throw new IllegalArgumentException("max in flight must be a power of two, got " + maxInFlight);
        }
        concludeCredentials();
    }

    /**
     * The secret file is read here, once; its content never appears in an error.
     */
    private void concludeCredentials()
    {
        credentials = ClientCredentials.resolve(
            ClientConfiguration.PRINCIPAL, ClientConfiguration.SECRET_FILE, principal, secretFile, secret);
    }

    /**
     * @return the principal this client connects as (client.principal); empty for none.
     */
    public String principal()
    {
        return principal;
    }

    /**
     * @param principal a name of the gateways' principals file (client.principal); empty for none, which only a
     *                  gateway with gateway.authenticator=none accepts.
     */
    public HedgeClientContext principal(final String principal)
    {
        this.principal = principal;
        return this;
    }

    public Path secretFile()
    {
        return secretFile;
    }

    /**
     * @param secretFile whose first line is the principal's secret (client.secret.file), read by conclude; refused if
     *                   group or others may read it.
     */
    public HedgeClientContext secretFile(final Path secretFile)
    {
        this.secretFile = secretFile;
        return this;
    }

    /**
     * @param secret the principal's secret, for an application that keeps it elsewhere than in a file; it wins over
     *               {@link #secretFile(Path)}. Copied.
     */
    public HedgeClientContext secret(final char[] secret)
    {
        this.secret = new String(secret).getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /**
     * @return what connects carry and challenges are answered with, once concluded.
     */
    ClientCredentials credentials()
    {
        return credentials;
    }

    /**
     * Gateway 1's channel is the one client.ingress.channel overrides; the others come from the channel layout
     * (gateway.hosts, ingress.port, gateway.port.stride).
     */
    private static void checkGatewayIngressChannels(final List<String> channels)
    {
        if (null == channels || channels.isEmpty())
        {
            throw new IllegalArgumentException(ClientConfiguration.INGRESS_CHANNEL.key() +
                ": at least one gateway ingress channel is required");
        }
        for (int i = 0; i < channels.size(); i++)
        {
            final String channel = channels.get(i);
            ChannelCheck.require(channelKey(i) + ": gateway ingress channel " + (i + 1) + " (gateway id " + (i + 1) + ")",
                channel);
            final int first = channels.indexOf(channel);
            if (first != i)
            {
                throw new IllegalArgumentException(channelKey(i) + ": gateway ingress channel '" + channel +
                    "' is listed twice: as gateway " + (first + 1) + " and as gateway " + (i + 1) +
                    "; each gateway needs its own channel");
            }
        }
    }

    private static String channelKey(final int index)
    {
        return 0 == index ? ClientConfiguration.INGRESS_CHANNEL.key() : TransportConfiguration.GATEWAY_HOSTS.key();
    }

    public long clientId()
    {
        return clientId;
    }

    public HedgeClientContext clientId(final long clientId)
    {
        this.clientId = clientId;
        return self();
    }

    /**
     * @return the ingress channel of the first gateway (gateway id 1); see {@link #gatewayIngressChannels()}.
     */
    public String ingressChannel()
    {
        return null == gatewayIngressChannels || gatewayIngressChannels.isEmpty() ? null : gatewayIngressChannels.get(0);
    }

    /**
     * A fabric with a single gateway: the same as {@code gatewayIngressChannel(ingressChannel)}.
     *
     * @param ingressChannel of the one gateway.
     * @return this.
     */
    public HedgeClientContext ingressChannel(final String ingressChannel)
    {
        return gatewayIngressChannel(ingressChannel);
    }

    /**
     * @return the ingress channel of every gateway; gateway id = index + 1. Unmodifiable.
     */
    public List<String> gatewayIngressChannels()
    {
        return gatewayIngressChannels;
    }

    /**
     * @param channels the ingress channel of every gateway of the fabric, in gateway id order (the first is
     *                 gateway 1). Default: one gateway at {@link #DEFAULT_INGRESS_CHANNEL}.
     * @return this.
     */
    public HedgeClientContext gatewayIngressChannels(final List<String> channels)
    {
        this.gatewayIngressChannels = null == channels ? null : Collections.unmodifiableList(new ArrayList<>(channels));
        return self();
    }

    /**
     * @param channels the ingress channel of every gateway, in gateway id order (the first is gateway 1).
     * @return this.
     */
    public HedgeClientContext gatewayIngressChannel(final String... channels)
    {
        return gatewayIngressChannels(null == channels ? null : Arrays.asList(channels));
    }

    /**
     * @return the number of gateways configured.
     */
    public int gatewayCount()
    {
        return null == gatewayIngressChannels ? 0 : gatewayIngressChannels.size();
    }

    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    public HedgeClientContext ingressStreamId(final int ingressStreamId)
    {
        this.ingressStreamId = ingressStreamId;
        return self();
    }

    public String responseChannel()
    {
        return responseChannel;
    }

    public HedgeClientContext responseChannel(final String responseChannel)
    {
        this.responseChannel = responseChannel;
        return self();
    }

    public int responseStreamId()
    {
        return responseStreamId;
    }

    public HedgeClientContext responseStreamId(final int responseStreamId)
    {
        this.responseStreamId = responseStreamId;
        return self();
    }

    public long connectTimeoutNs()
    {
        return connectTimeoutNs;
    }

    public HedgeClientContext connectTimeoutNs(final long connectTimeoutNs)
    {
        this.connectTimeoutNs = connectTimeoutNs;
        return self();
    }

    public long requestTimeoutNs()
    {
        return requestTimeoutNs;
    }

    public HedgeClientContext requestTimeoutNs(final long requestTimeoutNs)
    {
        this.requestTimeoutNs = requestTimeoutNs;
        return self();
    }

    public int maxInFlight()
    {
        return maxInFlight;
    }

    public HedgeClientContext maxInFlight(final int maxInFlight)
    {
        this.maxInFlight = maxInFlight;
        return self();
    }

    public long failoverTimeoutNs()
    {
        return failoverTimeoutNs;
    }

    /**
     * @param failoverTimeoutNs when the oldest request waiting has had no answer for this long and nothing at all
     *                          came from the active gateway in that time, the client asks every gateway which one is
     *                          active (and resends what is waiting). Default {@link #DEFAULT_FAILOVER_TIMEOUT_NS}.
     * @return this.
     */
    public HedgeClientContext failoverTimeoutNs(final long failoverTimeoutNs)
    {
        this.failoverTimeoutNs = failoverTimeoutNs;
        return self();
    }

    public long connectRetryIntervalNs()
    {
        return connectRetryIntervalNs;
    }

    /**
     * @param connectRetryIntervalNs the first wait before ClientConnect is sent again to a gateway that has not
     *                               answered, and between the first rounds of asking every gateway while failing over;
     *                               it doubles with each unanswered attempt up to {@link #connectBackoffMaxNs(long)}
     *                               (client.backoff.initial.ms). Default {@link #DEFAULT_CONNECT_RETRY_INTERVAL_NS}.
     * @return this.
     */
    public HedgeClientContext connectRetryIntervalNs(final long connectRetryIntervalNs)
    {
        this.connectRetryIntervalNs = connectRetryIntervalNs;
        return self();
    }

    public long connectBackoffMaxNs()
    {
        return connectBackoffMaxNs;
    }

    /**
     * @param connectBackoffMaxNs the longest wait between connects to a gateway not heard from, or between rounds of
     *                            asking every gateway while failing over (client.backoff.max.ms); at least
     *                            {@link #connectRetryIntervalNs()}. Default {@link #DEFAULT_CONNECT_BACKOFF_MAX_NS}.
     * @return this.
     */
    public HedgeClientContext connectBackoffMaxNs(final long connectBackoffMaxNs)
    {
        this.connectBackoffMaxNs = connectBackoffMaxNs;
        return self();
    }

    public double connectBackoffJitter()
    {
        return connectBackoffJitter;
    }

    /**
     * @param connectBackoffJitter the fraction, 0 to 1, of each backoff wait taken off at random (client.backoff.jitter),
     *                             so that clients that lost the same gateway do not all ask at once; 0 for none.
     *                             Default {@link #DEFAULT_CONNECT_BACKOFF_JITTER}.
     * @return this.
     */
    public HedgeClientContext connectBackoffJitter(final double connectBackoffJitter)
    {
        this.connectBackoffJitter = connectBackoffJitter;
        return self();
    }

    public ConnectionStateListener connectionStateListener()
    {
        return connectionStateListener;
    }

    /**
     * @param listener told of every change of the client's {@link ConnectionState}, on the client's polling thread;
     *                 null (the default) for none.
     * @return this.
     */
    public HedgeClientContext connectionStateListener(final ConnectionStateListener listener)
    {
        this.connectionStateListener = listener;
        return self();
    }

    public int requestStoreCapacity()
    {
        return requestStoreCapacity;
    }

    /**
     * @param requestStoreCapacity bytes allocated once to keep the payloads of requests waiting for answers, so that
     *                             they can be resent to a new active gateway. When it is full,
     *                             {@link HedgeSession#offer} returns {@link HedgeSession#STORE_FULL}. Default
     *                             {@link #DEFAULT_REQUEST_STORE_CAPACITY}.
     * @return this.
     */
    public HedgeClientContext requestStoreCapacity(final int requestStoreCapacity)
    {
        this.requestStoreCapacity = requestStoreCapacity;
        return self();
    }

    /**
     * @return the listener of the messages state machines send this client's session, null for none.
     */
    public SessionMessageListener sessionMessageListener()
    {
        return sessionMessageListener;
    }

    /**
     * @param sessionMessageListener receives, on the polling thread, each message a state machine addressed to this
     *                               client's session (say, a fill of one of its resting orders), once and in seq
     *                               order; null (the default) for none. A message sent while the session is not
     *                               connected is missed: see docs/SESSION-MESSAGES.md.
     * @return this for a fluent API.
     */
    public HedgeClientContext sessionMessageListener(final SessionMessageListener sessionMessageListener)
    {
        this.sessionMessageListener = sessionMessageListener;
        return self();
    }
}
