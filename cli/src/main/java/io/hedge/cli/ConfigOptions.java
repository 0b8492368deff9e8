package io.hedge.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options every command shares: a properties file and individual overrides.
 */
final class ConfigOptions
{
    @Option(names = "--config", paramLabel = "FILE", description = "properties file of settings (see 'hedge settings')")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one setting; may be repeated")
    Map<String, String> overrides = new LinkedHashMap<>();

    HedgeConfig load()
    {
        return HedgeConfig.load(configFile, overrides);
    }
}
