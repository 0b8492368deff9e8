package io.hedge.cli;

import io.aeron.driver.ThreadingMode;
import io.hedge.chaos.RoleProcess;
import io.hedge.gateway.Gateway;
import io.hedge.perf.LoadRun;
import io.hedge.replicas.Replica;
import io.hedge.replicas.StateMachine;
import io.hedge.replicas.StateMachineFactory;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.MemberKeyGenerator;
import io.hedge.transport.Ports;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole fabric on this machine: a gateway, one replica per site and a client sending orders at a fixed rate.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Start a gateway and three replicas (sites A, B and C) with the sample trading engine, drive them with a " +
            "client at a fixed rate, and print the round-trip percentiles, how often each site answered first, and " +
            "whether every replica ended with the same state hash.",
        "With --state-machine the replicas run a state machine of your own instead; the client still sends the " +
            "sample's orders, as opaque bytes, so this checks that every request is answered and the replicas agree.",
        "All roles run in this process on one embedded media driver, or with --processes each in a JVM of its own " +
            "with its own driver. Exit code 0 only if every request was answered and the replicas agree."})
final class DemoCommand implements Callable<Integer>
{
    /** Bytes of the random member key the demo writes: 256 bits. */
    static final int DEMO_KEY_LENGTH = 32;

    @Mixin
    LoadOptions load;

    @Mixin
    StateMachineOptions stateMachine;

    @Option(names = "--processes", description = "run the gateway and each replica as its own process")
    boolean processes;

    @Option(names = "--no-member-key", description = "run without member authentication (no cluster key, nothing " +
        "sealed; every role warns): to measure what sealing costs, never to run a fabric")
    boolean noMemberKey;

    @Option(names = "--dir", defaultValue = "hedge-work/demo", paramLabel = "DIR",
        description = "working directory; its journals are wiped at start (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "STRATEGY",
        description = "idle strategy of every agent: backoff, yield, busy, sleep:MICROS or one of Aeron's names (noop, " +
            "spin, sleep-ns, sleep-ms) (default: ${DEFAULT-VALUE})")
    String idle;

    @Override
    public Integer call() throws Exception
    {
        load.validate();
        HedgeConfig.idleStrategy(idle);
        wipe(dir);
        // the gateway's six ports free, its ops port (sequenced port + 4) among them
        final int base = Ports.freeGatewayBase(1, io.hedge.transport.OpsChannel.PORTS_PER_GATEWAY);
        final HedgeConfig config = HedgeConfig.defaults()
            .set("hedge.dir", dir.toString(), "demo")
            .set("idle", idle, "demo")
            .set("ingress.port", Integer.toString(base), "demo")
            .set("sequenced.port", Integer.toString(base + 1), "demo")
            .set("responses.port", Integer.toString(base + 2), "demo")
            .set("replay.port", Integer.toString(base + 3), "demo");
        stateMachine.applyTo(config);
        if (!noMemberKey)
        {
            useMemberKey(config);
        }
        // loaded once, before anything starts: a class that cannot be loaded is reported before a driver runs
        final StateMachineFactory stateMachines = config.stateMachineFactory();
        if (!StateMachineChoice.isTradingEngine(config))
        {
            System.out.printf("state machine %s; the client sends the sample trading orders to it as opaque bytes%n",
                stateMachines);
        }
        final List<String> sites = config.sites();
        System.out.printf("Hedge demo: gateway and replicas at sites %s, %s; working directory %s%n",
            String.join(", ", sites), processes ? "each role in its own process with its own embedded media driver" :
            "all in this process on one embedded media driver (SHARED threading)", dir);
        return processes ? runProcesses(config, sites) : runInProcess(config, sites, stateMachines);
    }

    /**
     * The demo runs with member authentication on: unless a key file is set, a fresh random key is written to the
     * working directory (readable by its owner only) and every role, in this process or its own, reads it.
     */
    static void useMemberKey(final HedgeConfig config)
    {
        if (config.get("member.key.file").isEmpty())
        {
            final Path keyFile = config.requireWritableWorkDir().resolve("member.key");
            MemberKeyGenerator.writeRandom(keyFile, DEMO_KEY_LENGTH);
            config.set("member.key.file", keyFile.toAbsolutePath().toString(), "demo");
        }
    }

    private int runInProcess(final HedgeConfig config, final List<String> sites, final StateMachineFactory stateMachines)
    {
        final List<AutoCloseable> closeables = new ArrayList<>();
        final List<Replica> replicas = new ArrayList<>();
        try
        {
            final EmbeddedDriver driver = EmbeddedDriver.launch(config.aeronDir("demo"), ThreadingMode.SHARED);
            closeables.add(driver);
            closeables.add(Gateway.launch(config.gatewayContext(driver.aeronDirectoryName())));
            for (final String site : sites)
            {
                final Replica replica = Replica.launch(config.replicaContext(site, driver.aeronDirectoryName(),
                    stateMachines));
                replicas.add(replica);
                closeables.add(replica);
            }
            final boolean ok = LoadRun.execute(config.clientContext(driver.aeronDirectoryName()), load.plan(),
                config.tradingConfig(), sites, System.out).ok();

            // the engines' own full-state hashes, read once their agents have stopped
            final List<Long> fullHashes = new ArrayList<>();
            for (final Replica replica : replicas)
            {
                final StateMachine engine = replica.agent().stateMachine();
                replica.close();
                fullHashes.add(engine.fullStateHash());
            }
            final boolean statesEqual = fullHashes.stream().distinct().count() == 1;
            System.out.printf("full state hash of each engine: %s -> %s%n", fullHashes.stream()
                .map(h -> String.format("%016x", h)).toList(), statesEqual ? "equal" : "DIFFERENT");
            return ok && statesEqual ? 0 : 1;
        }
        finally
        {
            for (int i = closeables.size() - 1; i >= 0; i--)
            {
                CloseHelper.quietClose(closeables.get(i));
            }
        }
    }

    private int runProcesses(final HedgeConfig config, final List<String> sites) throws Exception
    {
        Files.createDirectories(dir);
        final Path configFile = dir.resolve("demo.properties");
        config.store(configFile);
        final List<RoleProcess> roles = new ArrayList<>();
        EmbeddedDriver driver = null;
        try
        {
            final RoleProcess gateway = RoleProcess.start("gateway", HedgeCommand.class.getName(),
                List.of("gateway", "--config", configFile.toString()), dir.resolve("gateway.log"));
            roles.add(gateway);
            gateway.awaitOutput("hedge gateway", 30, TimeUnit.SECONDS);
            for (final String site : sites)
            {
                final RoleProcess replica = RoleProcess.start("replica " + site, HedgeCommand.class.getName(),
                    List.of("replica", "--site", site, "--config", configFile.toString()),
                    dir.resolve("replica-" + site + ".log"));
                roles.add(replica);
            }
            for (final RoleProcess role : roles.subList(1, roles.size()))
            {
                role.awaitOutput("hedge replica", 30, TimeUnit.SECONDS);
            }
            System.out.printf("started gateway (pid %d) and replicas %s; logs in %s%n", gateway.pid(),
                roles.subList(1, roles.size()).stream().map(r -> Long.toString(r.pid())).toList(), dir);

            driver = EmbeddedDriver.launch(config.aeronDir("client"), ThreadingMode.SHARED);
            final boolean ok = LoadRun.execute(config.clientContext(driver.aeronDirectoryName()), load.plan(),
                config.tradingConfig(), sites, System.out).ok();

            for (int i = roles.size() - 1; i >= 1; i--)
            {
                roles.get(i).stop();
                final String out = roles.get(i).output();
                final int at = out.indexOf("stopped at seq");
                System.out.println(roles.get(i).output().isEmpty() || at < 0 ? "replica process stopped" :
                    "replica " + sites.get(i - 1) + " " + out.substring(at, out.indexOf('\n', at)));
            }
            return ok ? 0 : 1;
        }
        catch (final TimeoutException ex)
        {
            System.err.println("hedge demo: " + ex.getMessage());
            return 1;
        }
        finally
        {
            for (int i = roles.size() - 1; i >= 0; i--)
            {
                CloseHelper.quietClose(roles.get(i));
            }
            CloseHelper.quietClose(driver);
        }
    }

    /**
     * Remove what an earlier demo left in the directory; only the entries a demo creates, never anything else.
     */
    private static void wipe(final Path dir)
    {
        for (final String entry : List.of("aeron", "gateway", "client", "demo.properties", "gateway.log", "member.key"))
        {
            IoUtil.delete(dir.resolve(entry).toFile(), true);
        }
        for (final String site : HedgeConfig.defaults().sites())
        {
            IoUtil.delete(dir.resolve("replica-" + site).toFile(), true);
            IoUtil.delete(dir.resolve("replica-" + site + ".log").toFile(), true);
        }
    }
}
