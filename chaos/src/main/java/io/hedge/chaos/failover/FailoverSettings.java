package io.hedge.chaos.failover;

import io.hedge.client.HedgeClientContext;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.transport.GatewayEndpoints;

import java.nio.file.Path;
import java.util.List;

/**
 * Hedge's settings as the {@code hedge} command binds them: what a failover run sets, writes to a file for the role
 * processes it starts, and derives for the client and the effects sink in its own JVM. The command line's binding
 * implements this; chaos cannot depend on it, as the command depends on chaos.
 */
public interface FailoverSettings
{
    /**
     * Set one key, as listed by {@code hedge settings}.
     *
     * @param source where the value comes from, named in the error for an unknown key.
     * @return this.
     */
    FailoverSettings set(String key, String value, String source);

    /**
     * Write every setting as a properties file, which the role processes read with {@code --config}.
     */
    void store(Path file);

    /**
     * @return the working directory: the replicas' journals are below it.
     */
    Path workDir();

    /**
     * @return the sample trading application's configuration.
     */
    TradingConfig tradingConfig();

    /**
     * @return a client context that reaches the gateways through the media driver of that directory.
     */
    HedgeClientContext clientContext(String aeronDirectoryName);

    /**
     * @return every gateway's endpoints, by id: the sink answers a gateway on its inbound channel.
     */
    List<GatewayEndpoints> gatewayEndpoints();

    /**
     * @return the stream id of external effects to the sink.
     */
    int sinkStreamId();

    /**
     * @return the stream id gateways receive on at their inbound channel (replica responses, status, sink positions).
     */
    int responsesStreamId();
}
