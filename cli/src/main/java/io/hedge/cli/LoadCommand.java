package io.hedge.cli;

import io.aeron.driver.ThreadingMode;
import io.hedge.perf.EmbeddedDriver;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * Drives a running fabric from this process.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Drive a running gateway at a fixed rate (open loop) with sample trading requests, print the " +
        "latency percentiles and check that every replica converged. Exit code 0 only if every request was " +
        "answered and the replicas agree.")
final class LoadCommand implements Callable<Integer>
{
    @Mixin
    ConfigOptions options;

    @Mixin
    LoadOptions load;

    @Override
    public Integer call()
    {
        load.validate();
        final HedgeConfig config = options.load();
        EmbeddedDriver driver = null;
        try
        {
            final String aeronDir;
            if (config.embeddedDriver())
            {
                driver = EmbeddedDriver.launch(config.aeronDir("client-" + ProcessHandle.current().pid()),
                    ThreadingMode.SHARED);
                aeronDir = driver.aeronDirectoryName();
            }
            else
            {
                aeronDir = config.aeronDir("client").toString();
            }
            return LoadRun.execute(config.clientContext(aeronDir), load, config.tradingConfig(), config.sites(),
                System.out) ? 0 : 1;
        }
        finally
        {
            CloseHelper.quietClose(driver);
        }
    }
}
