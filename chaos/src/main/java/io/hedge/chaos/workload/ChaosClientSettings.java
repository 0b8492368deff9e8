package io.hedge.chaos.workload;

import io.hedge.client.HedgeClientContext;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What a chaos client runs with, read from a properties file (keys below; those without a default are required):
 * <pre>
 * client.id=1                                         # positive; each client of a run has its own
 * gateways=aeron:udp?endpoint=198.18.1.1:20000,...    # every gateway's ingress channel, in gateway id order
 * response.channel=aeron:udp?endpoint=198.18.4.1:0    # the client's own address; port 0: the driver picks one
 * seed=42
 * rate=200                                            # requests per second, open loop
 * duration.s=60                                       # then stop offering, drain and exit
 * history=/run/dir/client-1.history                   # appended to, a line per event
 * aeron.dir=/dev/shm/hedge-chaos-x1-client-1          # default: /dev/shm/hedge-chaos-client-ID-PID
 * trading.accounts=1000  trading.instruments=16       # as the replicas' (defaults: Hedge's)
 * mix.orders=40  mix.cancels=10                       # percent; transfers take the rest (defaults 40, 10)
 * ingress.stream=..  response.stream=..               # default: Hedge's
 * timeout.ms=5000                                     # a request's deadline, then OUTCOME_UNKNOWN
 * connect.timeout.s=60                                # how long to look for an active gateway at start
 * drain.s=30                                          # at the end: how long to wait for answers and outcomes
 * client.principal=trader-1                           # default: none (gateway.authenticator=none)
 * client.secret.file=/run/dir/trader-1.secret         # its secret on the first line, mode 600
 * </pre>
 */
public record ChaosClientSettings(
    long clientId,
    List<String> gateways,
    String responseChannel,
    long seed,
    int rate,
    long durationS,
    Path history,
    String aeronDir,
    int accounts,
    int instruments,
    int orderPercent,
    int cancelPercent,
    int ingressStreamId,
    int responseStreamId,
    long timeoutMs,
    long connectTimeoutS,
    long drainS,
    String principal,
    String secretFile)
{
    /**
     * @param file the properties file.
     * @return its settings.
     * @throws IllegalArgumentException naming a missing or wrong key.
     */
    public static ChaosClientSettings load(final Path file)
    {
        final Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file))
        {
            p.load(reader);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        return of(p);
    }

    public static ChaosClientSettings of(final Properties p)
    {
        final long clientId = number(p, "client.id", null);
        final io.hedge.replicas.trading.TradingConfig defaults = io.hedge.replicas.trading.TradingConfig.defaults();
        return new ChaosClientSettings(
            clientId,
            Arrays.stream(required(p, "gateways").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
            required(p, "response.channel"),
            number(p, "seed", null),
            (int)number(p, "rate", null),
            number(p, "duration.s", null),
            Path.of(required(p, "history")),
            p.getProperty("aeron.dir", "/dev/shm/hedge-chaos-client-" + clientId + "-" + ProcessHandle.current().pid()),
            (int)number(p, "trading.accounts", (long)defaults.accounts()),
            (int)number(p, "trading.instruments", (long)defaults.instruments()),
            (int)number(p, "mix.orders", 40L),
            (int)number(p, "mix.cancels", 10L),
            (int)number(p, "ingress.stream", (long)HedgeClientContext.DEFAULT_INGRESS_STREAM_ID),
            (int)number(p, "response.stream", (long)HedgeClientContext.DEFAULT_RESPONSE_STREAM_ID),
            number(p, "timeout.ms", TimeUnit.NANOSECONDS.toMillis(HedgeClientContext.DEFAULT_REQUEST_TIMEOUT_NS)),
            number(p, "connect.timeout.s", 60L),
            number(p, "drain.s", 30L),
            p.getProperty("client.principal", "").trim(),
            p.getProperty("client.secret.file", "").trim());
    }

    /**
     * @return the settings as one line, for the history's START line.
     */
    public String describe()
    {
        return "client=" + clientId + ";seed=" + seed + ";rate=" + rate + ";duration.s=" + durationS + ";accounts=" +
            accounts + ";instruments=" + instruments + ";orders=" + orderPercent + "%;cancels=" + cancelPercent +
            "%;timeout.ms=" + timeoutMs;
    }

    /**
     * @return the operations of this client.
     */
    public OperationGenerator generator()
    {
        return new OperationGenerator(seed, clientId, accounts, instruments, orderPercent, cancelPercent);
    }

    /**
     * @return the SDK's settings for this client (the Aeron directory set by the caller).
     */
    public HedgeClientContext clientContext()
    {
        return new HedgeClientContext()
            .clientId(clientId)
            .gatewayIngressChannels(gateways)
            .ingressStreamId(ingressStreamId)
            .responseChannel(responseChannel)
            .responseStreamId(responseStreamId)
            .requestTimeoutNs(TimeUnit.MILLISECONDS.toNanos(timeoutMs))
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(connectTimeoutS))
            .principal(principal)
            .secretFile(secretFile.isEmpty() ? null : Path.of(secretFile));
    }

    private static String required(final Properties p, final String key)
    {
        final String value = p.getProperty(key);
        if (null == value || value.isBlank())
        {
            throw new IllegalArgumentException("chaos client: '" + key + "' is required");
        }
        return value.trim();
    }

    private static long number(final Properties p, final String key, final Long defaultValue)
    {
        final String value = p.getProperty(key);
        if (null == value || value.isBlank())
        {
            if (null == defaultValue)
            {
                throw new IllegalArgumentException("chaos client: '" + key + "' is required");
            }
            return defaultValue;
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("chaos client: '" + key + "' must be a number, got '" + value + "'");
        }
    }
}
