package io.hedge.cli;

import io.hedge.replicas.ReplicaConfiguration;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options that choose the state machine replicas run, for the commands that start replicas; each wins over the
 * setting it stands for.
 */
final class StateMachineOptions
{
    @Option(names = "--state-machine", paramLabel = "CLASS",
        description = "the class of the state machine to run (setting replica.state.machine; default: the sample " +
            "trading engine); see docs/STATE-MACHINES.md")
    String className;

    @Option(names = "--state-machine-path", paramLabel = "JAR_OR_DIR",
        description = "a jar or directory of classes holding the state machine (setting replica.state.machine.path; " +
            "default: the class path)")
    String path;

    @Option(names = "--app", paramLabel = "KEY=VALUE",
        description = "a setting of the state machine's own, passed to its constructor as KEY (the same as --set " +
            "app.KEY=VALUE); may be repeated")
    Map<String, String> app = new LinkedHashMap<>();

    /**
     * @return the configuration, with these options applied.
     */
    HedgeConfig applyTo(final HedgeConfig config)
    {
        if (null != className)
        {
            config.set(ReplicaConfiguration.STATE_MACHINE.key(), className, "--state-machine");
        }
        if (null != path)
        {
            config.set(ReplicaConfiguration.STATE_MACHINE_PATH.key(), path, "--state-machine-path");
        }
        app.forEach((k, v) -> config.set(HedgeConfig.APP_PREFIX + k, v, "--app"));
        return config;
    }
}
