package io.hedge.perf.compare;

import io.hedge.client.HedgeClientContext;
import io.hedge.replicas.trading.TradingConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * Hedge's settings as the {@code hedge} command binds them: what a benchmark sets, writes to a file for the role
 * processes it starts, and derives for the client in its own JVM. The command line's binding implements this; perf
 * cannot depend on it, as the command depends on perf.
 */
public interface HedgeSettings
{
    /**
     * Set one key, as listed by {@code hedge settings}.
     *
     * @param source where the value comes from, named in the error for an unknown key.
     * @return this.
     */
    HedgeSettings set(String key, String value, String source);

    /**
     * Write every setting as a properties file, which the role processes read with {@code --config}.
     */
    void store(Path file);

    /**
     * @return the replicas' site names, in replica id order.
     */
    List<String> sites();

    /**
     * @return the sample trading application's configuration.
     */
    TradingConfig tradingConfig();

    /**
     * @return a client context that reaches the gateways through the media driver of that directory.
     */
    HedgeClientContext clientContext(String aeronDirectoryName);
}
