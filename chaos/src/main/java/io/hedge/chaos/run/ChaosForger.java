package io.hedge.chaos.run;

import io.hedge.chaos.RoleProcess;
import io.hedge.chaos.failover.FailoverSettings;
import io.hedge.chaos.forge.ForgePhase;
import io.hedge.chaos.forge.ForgePlan;
import io.hedge.chaos.forge.ForgerMain;
import io.hedge.chaos.net.ChaosTopology;
import io.hedge.transport.AeronDirs;
import io.hedge.transport.GatewayEndpoints;
import io.hedge.transport.StandbyChannel;
import io.hedge.transport.TransportConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the forger of each forge window in the forger's namespace ({@link RoleKind#FORGER}), with a plan of what it
 * may know ({@link ForgePlan}): the topology, the chaos clients' ids and principals' names, and where each role's
 * media driver keeps its counters. At the end of the run it collects what every forger did.
 */
final class ChaosForger
{
    /** Forged messages per second, per kind and target: enough to be counted, too few to be a load test. */
    static final int RATE = 30;
    private static final int RESPONSE_PORT = 20400;

    private final ChaosTopology topology;
    private final RoleId forger;
    private final List<RoleId> roles;
    private final FailoverSettings settings;
    private final Path fabricDir;
    private final Path runDir;
    private final long seed;
    private final Map<Integer, RoleProcess> processes = new LinkedHashMap<>();

    ChaosForger(final ChaosTopology topology, final RoleId forger, final List<RoleId> roles,
        final FailoverSettings settings, final Path fabricDir, final Path runDir, final long seed)
    {
        this.topology = topology;
        this.forger = forger;
        this.roles = roles;
        this.settings = settings;
        this.fabricDir = fabricDir;
        this.runDir = runDir;
        this.seed = seed;
    }

    /**
     * Start window's forger; it ends its window by itself.
     */
    synchronized void start(final int window, final long lengthMs)
    {
        final Path planFile = runDir.resolve("forge-" + window + ".properties");
        try
        {
            plan(window, lengthMs).store(planFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        processes.put(window, RoleProcess.startIn(topology.commandPrefix(forger), "forger-" + window,
            ForgerMain.class.getName(), List.of(planFile.toString()),
            runDir.resolve("logs").resolve("forger-" + window + ".log"), List.of()));
    }

    /**
     * Wait for every forger to finish its window (killing one still running after the timeout) and read what they did.
     *
     * @param out where each forger's count of what it sent is printed.
     */
    synchronized List<ForgePhase> finish(final long timeoutS, final java.io.PrintStream out)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        final List<ForgePhase> phases = new ArrayList<>();
        for (final Map.Entry<Integer, RoleProcess> entry : processes.entrySet())
        {
            final RoleProcess process = entry.getValue();
            while (process.isAlive() && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(100);
            }
            if (process.isAlive())
            {
                out.println("  forger " + entry.getKey() + " still running at the end: killed");
                process.kill();
            }
            for (final String line : process.output().split("\n"))
            {
                if (line.startsWith("forge window") || line.startsWith("forger: failed"))
                {
                    out.println("  " + line.trim());
                }
            }
            final Path results = resultsFile(entry.getKey());
            if (Files.exists(results))
            {
                try
                {
                    for (final String line : Files.readAllLines(results))
                    {
                        final ForgePhase phase = ForgePhase.parse(line);
                        if (null != phase)
                        {
                            phases.add(phase);
                        }
                    }
                }
                catch (final IOException ex)
                {
                    out.println("  forger " + entry.getKey() + ": cannot read " + results + ": " + ex);
                }
            }
        }
        return phases;
    }

    synchronized void killAll()
    {
        for (final RoleProcess process : processes.values())
        {
            process.kill();
        }
    }

    ForgePlan plan(final int window, final long lengthMs)
    {
        final Path aeronRoot = AeronDirs.rootFor(fabricDir);
        final List<ForgePlan.Gateway> gateways = new ArrayList<>();
        for (final GatewayEndpoints g : settings.gatewayEndpoints())
        {
            final RoleId role = roles.stream().filter(r -> r.kind() == RoleKind.GATEWAY && r.index() == g.gatewayId())
                .findFirst().orElseThrow();
            gateways.add(new ForgePlan.Gateway(role.name(), g.gatewayId(), g.host(), g.ingressPort(), g.inboundPort(),
                g.sequencedPort(), g.sequencedPort() + StandbyChannel.PORT_OFFSET, aeronDir(aeronRoot, role)));
        }
        final List<ForgePlan.Member> replicas = new ArrayList<>();
        final List<ForgePlan.Client> clients = new ArrayList<>();
        ForgePlan.Member sink = null;
        for (final RoleId role : roles)
        {
            switch (role.kind())
            {
                case REPLICA -> replicas.add(new ForgePlan.Member(role.name(), role.index(), topology.address(role), 0,
                    aeronDir(aeronRoot, role)));
                case SINK -> sink = new ForgePlan.Member(role.name(), 0, topology.address(role),
                    ChaosRun.SINK_PORT, aeronDir(aeronRoot, role));
                case CLIENT -> clients.add(new ForgePlan.Client(role.index(), SecureFabricFiles.principal(role.index())));
                default ->
                {
                }
            }
        }
        final ForgePlan.Streams streams = new ForgePlan.Streams(TransportConfiguration.INGRESS_STREAM.defaultInt(),
            TransportConfiguration.CLIENT_STREAM.defaultInt(), TransportConfiguration.SEQUENCED_STREAM.defaultInt(),
            settings.responsesStreamId(), settings.sinkStreamId());
        return new ForgePlan(window, lengthMs, RATE, seed * 31 + window, topology.address(forger),
            RESPONSE_PORT + window, aeronRoot.resolve("forger-" + window).resolve("aeron").toString(), streams,
            gateways, replicas, sink, clients, resultsFile(window).toString());
    }

    private Path resultsFile(final int window)
    {
        return runDir.resolve("forge-" + window + ".results");
    }

    private static String aeronDir(final Path aeronRoot, final RoleId role)
    {
        return aeronRoot.resolve(ChaosRun.roleDir(Path.of(""), role).getFileName().toString()).resolve("aeron")
            .toString();
    }
}
