package io.hedge.cli;

import io.hedge.chaos.failover.FailoverSettings;
import io.hedge.client.HedgeClientContext;
import io.hedge.perf.compare.HedgeSettings;
import io.hedge.replicas.trading.TradingConfig;
import io.hedge.transport.GatewayEndpoints;

import java.nio.file.Path;
import java.util.List;

/**
 * The settings binding as the benchmark and chaos harnesses see it. It is apart from {@link HedgeConfig} so that every
 * other command loads without the harnesses' classes, which the distribution archive leaves out.
 */
final class HarnessSettings implements HedgeSettings, FailoverSettings
{
    private final HedgeConfig config;

    private HarnessSettings(final HedgeConfig config)
    {
        this.config = config;
    }

    /**
     * @return the defaults, for a harness to set what it runs with.
     */
    static HarnessSettings defaults()
    {
        return new HarnessSettings(HedgeConfig.defaults());
    }

    @Override
    public HarnessSettings set(final String key, final String value, final String source)
    {
        config.set(key, value, source);
        return this;
    }

    @Override
    public void store(final Path file)
    {
        config.store(file);
    }

    @Override
    public List<String> sites()
    {
        return config.sites();
    }

    @Override
    public Path workDir()
    {
        return config.workDir();
    }

    @Override
    public TradingConfig tradingConfig()
    {
        return config.tradingConfig();
    }

    @Override
    public HedgeClientContext clientContext(final String aeronDirectoryName)
    {
        return config.clientContext(aeronDirectoryName);
    }

    @Override
    public List<GatewayEndpoints> gatewayEndpoints()
    {
        return config.gatewayEndpoints();
    }

    @Override
    public int sinkStreamId()
    {
        return config.sinkStreamId();
    }

    @Override
    public int responsesStreamId()
    {
        return config.responsesStreamId();
    }
}
