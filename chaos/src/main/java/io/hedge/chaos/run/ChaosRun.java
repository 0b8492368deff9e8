package io.hedge.chaos.run;

import io.hedge.chaos.check.ChaosReport;
import io.hedge.chaos.check.CheckResult;
import io.hedge.chaos.check.Checks;
import io.hedge.chaos.check.FaultWindows;
import io.hedge.chaos.check.ForgeriesChecker;
import io.hedge.chaos.check.ReplicaJournal;
import io.hedge.chaos.check.RunRecord;
import io.hedge.chaos.failover.FailoverSettings;
import io.hedge.chaos.forge.ForgePhase;
import io.hedge.chaos.nemesis.DiskFull;
import io.hedge.chaos.nemesis.FaultHooks;
import io.hedge.chaos.nemesis.FaultKind;
import io.hedge.chaos.nemesis.Nemesis;
import io.hedge.chaos.nemesis.NemesisLog;
import io.hedge.chaos.nemesis.NemesisSchedule;
import io.hedge.chaos.nemesis.TmpfsMount;
import io.hedge.chaos.net.ChaosTopology;
import io.hedge.chaos.net.Netns;
import io.hedge.chaos.workload.ChaosClientMain;
import io.hedge.transport.AeronDirs;
import io.hedge.transport.GatewayEndpoints;
import org.agrona.IoUtil;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code hedge chaos}: three sites (gateway g and replica of each site A, B, C in namespaces of their own), the
 * clients and the effects sink in theirs, every role a process; a seeded nemesis plays its faults while the clients
 * send their seeded workload; after the last fault the fabric heals and goes quiet, every process stops and every
 * checker runs on the histories, the replicas' journals, the sink's effect log and the nemesis log. The run
 * directory keeps all of them, every role's log and {@code summary.txt}. Everything else it made (processes,
 * namespaces, tmpfs mounts, Aeron directories) is removed when it ends, also on failure and on Ctrl-C.
 * <p>
 * The roles are {@code hedge} processes ({@code hedge gateway}, {@code hedge replica}, {@code hedge sink
 * --effects}); the command line passes its main class and its settings ({@link FailoverSettings}, which chaos
 * cannot take from the command line module that depends on it).
 */
public final class ChaosRun
{
    /** The sites of every run. */
    public static final List<String> SITES = List.of("A", "B", "C");
    /** Gateways of every run, one per site. */
    public static final int GATEWAYS = 3;
    /** Each gateway's and replica's directory is a tmpfs of this size (DISK_FULL fills it). */
    public static final long ROLE_DISK_BYTES = 256L << 20;
    static final int SINK_PORT = 20199;
    private static final int DRAIN_S = 30;
    private static final long PROGRESS_MS = 5_000;

    private final ChaosOptions options;
    private final Supplier<? extends FailoverSettings> settingsSupplier;
    private final String hedgeMainClass;
    private final PrintStream out;
    private SecureFabricFiles secrets;

    /**
     * @param options        the run's options.
     * @param settings       Hedge's default settings, fresh on each call.
     * @param hedgeMainClass the {@code hedge} command's main class: the roles are its subcommands.
     * @param out            where the progress lines and the report go.
     */
    public ChaosRun(final ChaosOptions options, final Supplier<? extends FailoverSettings> settings,
        final String hedgeMainClass, final PrintStream out)
    {
        this.options = options;
        this.settingsSupplier = settings;
        this.hedgeMainClass = hedgeMainClass;
        this.out = out;
    }

    /**
     * @return true if every checker passed.
     * @throws IllegalStateException if not root, or if the fabric does not come up.
     */
    public boolean run() throws Exception
    {
        Netns.requireRoot();
        final String prefix = Netns.newPrefix();
        final Path runDir = options.dir().toAbsolutePath().resolve("run-" + options.seed() + "-" + prefix);
        final Path fabricDir = runDir.resolve("fabric");
        final Path logDir = runDir.resolve("logs");
        Files.createDirectories(logDir);
        final List<RoleId> roles = ChaosTopology.roles(SITES, GATEWAYS, options.clients(), true);
        final long durationMs = TimeUnit.SECONDS.toMillis(options.durationS());
        final Set<FaultKind> kinds = kinds(options, out);
        final boolean forging = kinds.contains(FaultKind.FORGE);
        final NemesisSchedule schedule = options.oneOfEach() ?
            NemesisSchedule.oneOfEach(options.seed(), durationMs, roles, kinds) :
            NemesisSchedule.mixed(options.seed(), durationMs, roles, kinds);
        out.printf("hedge chaos: seed %d, %d s, %d clients at %d/s, %d faults scheduled; run directory %s%n",
            options.seed(), options.durationS(), options.clients(), options.rate(), schedule.faults().size(), runDir);
        out.printf("  reproduce with: hedge chaos --seed %d --duration %d --faults %s --clients %d --rate %d%s%s%n",
            options.seed(), options.durationS(), options.faults(), options.clients(), options.rate(),
            options.secure() ? " --secure" : " --no-secure", options.oneOfEach() ? " (one of each)" : "");
        secrets = options.secure() ? SecureFabricFiles.write(runDir.resolve("secrets"), options.clients()) : null;
        out.println(options.secure() ? "  secure: member key, principals and client secrets in " +
            runDir.resolve("secrets") : "  not secure: no member key, no client authentication (--secure turns them on)");
        try (RunCleanup cleanup = new RunCleanup())
        {
            final List<RoleId> networked = new ArrayList<>(roles);
            if (forging)
            {
                networked.add(RoleId.forger());
            }
            final ChaosTopology topology = cleanup.add(ChaosTopology.create(prefix, networked));
            final FailoverSettings settings = settings(topology, roles, fabricDir);
            final Path properties = runDir.resolve("hedge.properties");
            settings.store(properties);
            cleanup.add(() -> AeronDirs.deleteRootOf(fabricDir));
            for (final RoleId role : roles)
            {
                if (role.kind() == RoleKind.GATEWAY || role.kind() == RoleKind.REPLICA)
                {
                    cleanup.add(TmpfsMount.mount(roleDir(fabricDir, role), ROLE_DISK_BYTES));
                }
            }
            final ChaosFabric fabric = cleanup.add(new ChaosFabric(topology, logDir));
            final ChaosForger forger = forging ?
                new ChaosForger(topology, RoleId.forger(), roles, settings, fabricDir, runDir, options.seed()) : null;
            if (null != forger)
            {
                fabric.forger(forger);
                cleanup.add(forger::killAll);
            }
            startFabric(fabric, topology, roles, properties, fabricDir, runDir);
            final RoleId probeRole = RoleId.client(1);
            if (!probe(fabric, topology, probeRole, settings, runDir, fabricDir, "start", 90))
            {
                throw new IllegalStateException("the fabric did not come up: no active gateway with every replica " +
                    "live within 90 s; see " + logDir);
            }
            final List<Path> histories = new ArrayList<>();
            for (final RoleId role : roles)
            {
                if (role.kind() == RoleKind.CLIENT)
                {
                    final Path file = clientProperties(role, role.index(), topology, settings, runDir, fabricDir,
                        options.durationS());
                    histories.add(runDir.resolve(role.name() + ".history"));
                    fabric.start(role, new ChaosFabric.Launch(ChaosClientMain.class.getName(),
                        List.of(file.toString()), List.of(), runDir));
                }
            }
            final long runStartNs = System.nanoTime();
            final long runStartWallMs = System.currentTimeMillis();
            final NemesisLog nemesisLog;
            try (Nemesis nemesis = Nemesis.start(schedule, fabric, runDir.resolve("nemesis.log"), runStartNs))
            {
                awaitClients(fabric, roles, histories, nemesis, runStartNs);
                nemesis.awaitFinished(Math.max(1, durationMs - (System.nanoTime() - runStartNs) / 1_000_000));
                nemesisLog = nemesis.log();
                if (!nemesis.failures().isEmpty())
                {
                    out.println("  the nemesis could not start or end some faults (see nemesis.log): " +
                        nemesis.failures());
                }
            }
            final List<ForgePhase> forged = null == forger ? List.of() : forger.finish(30, out);
            final boolean quiet = probe(fabric, topology, probeRole, settings, runDir, fabricDir, "end", 30);
            out.printf("  %s; stopping every process%n", quiet ? "the fabric has healed and gone quiet" :
                "the replicas did not converge within 30 s after the nemesis ended");
            final String refusals = options.secure() ? SecurityTable.read(roles, fabricDir) : "";
            out.print(refusals);
            fabric.stopAll(roles);
            final Map<String, Path> journals = RunFiles.keepJournals(roles, fabricDir, runDir, options.keep());
            final FaultWindows windows = RunFiles.windows(nemesisLog, runStartNs, runStartWallMs);
            final RunRecord loaded = RunRecord.load(histories, Map.of(), runDir.resolve("sink.effects"), windows,
                settings.tradingConfig(), RunRecord.DEFAULT_AVAILABILITY_BOUND_MS);
            final List<CheckResult> results = new ArrayList<>();
            final List<ReplicaJournal> readable = RunFiles.readJournals(journals, results);
            final RunRecord record = new RunRecord(loaded.histories(), readable, loaded.sinkEffects(),
                loaded.timeline(), loaded.trading(), loaded.availabilityBoundMs());
            results.addAll(Checks.runAll(record));
            if (forging)
            {
                results.add(ForgeriesChecker.check(forged, windows));
            }
            // the run's length as asked: the report's reproduce line and faults per minute are in its terms
            final boolean passed = ChaosReport.report(
                ChaosReport.Numbers.of(options.seed(), durationMs, record), results, out, runDir);
            final String injected = RunFiles.injected(schedule, nemesisLog) + refusals + (forging ?
                "  forgeries by kind:\n    " + String.join("\n    ",
                ForgeriesChecker.lines(ForgeriesChecker.judge(forged, windows))) + "\n" : "");
            out.print(injected);
            Files.writeString(runDir.resolve(ChaosReport.FILE_NAME), injected,
                java.nio.file.StandardOpenOption.APPEND);
            cleanup.close();
            if (!options.keep())
            {
                IoUtil.delete(fabricDir.toFile(), true);
            }
            out.println("  run directory: " + runDir);
            return passed;
        }
    }

    /**
     * @return the kinds to draw; forge only with --secure (without a member key every forgery would be taken).
     */
    private static Set<FaultKind> kinds(final ChaosOptions options, final PrintStream out)
    {
        final Set<FaultKind> kinds = FaultKind.parse(options.faults());
        if (kinds.contains(FaultKind.FORGE) && !options.secure())
        {
            if (1 == kinds.size())
            {
                throw new IllegalArgumentException("the forge nemesis needs --secure: without a member key and " +
                    "client authentication the fabric would take every forgery");
            }
            kinds.remove(FaultKind.FORGE);
            out.println("  forge left out: it needs --secure");
        }
        return kinds;
    }

    private FailoverSettings settings(final ChaosTopology topology, final List<RoleId> roles, final Path fabricDir)
    {
        final FailoverSettings settings = settingsSupplier.get();
        final String source = "hedge chaos";
        settings.set("hedge.dir", fabricDir.toString(), source);
        settings.set("sites", String.join(",", SITES), source);
        settings.set("gateway.count", Integer.toString(GATEWAYS), source);
        settings.set("gateway.hosts", roles.stream().filter(r -> r.kind() == RoleKind.GATEWAY)
            .sorted(Comparator.comparingInt(RoleId::index)).map(topology::address)
            .collect(Collectors.joining(",")), source);
        settings.set("sink.host", topology.address(RoleId.sink()), source);
        settings.set("sink.port", Integer.toString(SINK_PORT), source);
        if (null != secrets)
        {
            // one properties file for every role: each reads the keys it knows
            settings.set("member.key.file", secrets.memberKey().toString(), source);
            settings.set("gateway.authenticator", "file", source);
            settings.set("gateway.principals.file", secrets.principals().toString(), source);
        }
        return settings;
    }

    /**
     * @return the role's directory, where {@code hedge} puts its journal: {@code gateway} for gateway 1 (Hedge's
     * single-gateway name), {@code gateway-N} for the others, {@code replica-SITE}, and the run's own for the rest.
     */
    static Path roleDir(final Path fabricDir, final RoleId role)
    {
        return switch (role.kind())
        {
            case GATEWAY -> fabricDir.resolve(1 == role.index() ? "gateway" : "gateway-" + role.index());
            case REPLICA -> fabricDir.resolve("replica-" + role.site());
            default -> fabricDir.resolve(role.name());
        };
    }

    private void startFabric(final ChaosFabric fabric, final ChaosTopology topology, final List<RoleId> roles,
        final Path properties, final Path fabricDir, final Path runDir) throws Exception
    {
        for (final RoleId role : roles)
        {
            final List<String> args = new ArrayList<>();
            switch (role.kind())
            {
                case REPLICA -> args.addAll(List.of("replica", "--site", role.site()));
                case GATEWAY -> args.addAll(List.of("gateway", "--set", "gateway.id=" + role.index()));
                case SINK -> args.addAll(List.of("sink", "--effects", runDir.resolve("sink.effects").toString()));
                case CLIENT ->
                {
                    continue;
                }
            }
            args.addAll(List.of("--config", properties.toString(), "--set", "host=" + topology.address(role)));
            final Path dir = roleDir(fabricDir, role);
            final List<String> jvmArgs = new ArrayList<>(FaultHooks.jvmArgs(role.kind(), dir, options.seed()));
            // the gateways' state changes are how the run tells which one is active
            jvmArgs.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
            jvmArgs.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
            Files.createDirectories(dir);
            fabric.start(role, new ChaosFabric.Launch(hedgeMainClass, args, jvmArgs, dir));
        }
        for (final RoleId role : roles)
        {
            if (role.kind() != RoleKind.CLIENT)
            {
                fabric.awaitOutput(role, "hedge " + role.kind().name().toLowerCase(java.util.Locale.ROOT), 90);
            }
        }
    }

    private Path clientProperties(final RoleId role, final long clientId, final ChaosTopology topology,
        final FailoverSettings settings, final Path runDir, final Path fabricDir, final int durationS)
        throws Exception
    {
        final java.util.Properties p = new java.util.Properties();
        p.setProperty("client.id", Long.toString(clientId));
        p.setProperty("gateways", settings.gatewayEndpoints().stream().map(GatewayEndpoints::ingressChannel)
            .collect(Collectors.joining(",")));
        p.setProperty("response.channel", "aeron:udp?endpoint=" + topology.address(role) + ":0");
        p.setProperty("seed", Long.toString(options.seed()));
        p.setProperty("rate", Integer.toString(options.rate()));
        p.setProperty("duration.s", Integer.toString(durationS));
        final String name = clientId > 1000 ? "probe-" + clientId : role.name();
        p.setProperty("history", runDir.resolve(name + ".history").toString());
        p.setProperty("aeron.dir", AeronDirs.rootFor(fabricDir).resolve(name).resolve("aeron").toString());
        p.setProperty("trading.accounts", Integer.toString(settings.tradingConfig().accounts()));
        p.setProperty("trading.instruments", Integer.toString(settings.tradingConfig().instruments()));
        p.setProperty("timeout.ms", "5000");
        p.setProperty("drain.s", Integer.toString(DRAIN_S));
        p.setProperty("connect.timeout.s", "60");
        if (null != secrets)
        {
            final String principal = clientId > 1000 ? SecureFabricFiles.PROBE_PRINCIPAL :
                SecureFabricFiles.principal((int)clientId);
            // the SDK's own settings, which the chaos client hands to it (client authentication)
            p.setProperty("client.principal", principal);
            p.setProperty("client.secret.file", secrets.secretOf(principal).toString());
        }
        final Path file = runDir.resolve(name + ".properties");
        try (var writer = Files.newBufferedWriter(file))
        {
            p.store(writer, "hedge chaos " + name);
        }
        return file;
    }

    /**
     * Ask the fabric, from the namespace of a client, until every replica is live and they agree.
     */
    private boolean probe(final ChaosFabric fabric, final ChaosTopology topology, final RoleId where,
        final FailoverSettings settings, final Path runDir, final Path fabricDir, final String when, final int timeoutS)
        throws Exception
    {
        final long clientId = "start".equals(when) ? 1001 : 1002;
        final Path file = clientProperties(where, clientId, topology, settings, runDir, fabricDir, 1);
        final io.hedge.chaos.RoleProcess probe = io.hedge.chaos.RoleProcess.startIn(topology.commandPrefix(where),
            "probe-" + when, io.hedge.chaos.workload.FabricStatusProbe.class.getName(),
            List.of(file.toString(), Integer.toString(SITES.size()), Integer.toString(timeoutS)),
            runDir.resolve("logs").resolve("probe-" + when + ".log"), List.of());
        try
        {
            probe.awaitOutput("probe: ", timeoutS + 60L, TimeUnit.SECONDS);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS + 60L);
            while (probe.isAlive() && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(100);
            }
            return probe.output().contains("probe: converged");
        }
        catch (final java.util.concurrent.TimeoutException ex)
        {
            out.println("  status probe: " + ex.getMessage());
            return false;
        }
        finally
        {
            probe.kill();
        }
    }

    /**
     * Wait for every client to finish (its duration, then its drain), printing a progress line every few seconds.
     */
    private void awaitClients(final ChaosFabric fabric, final List<RoleId> roles, final List<Path> histories,
        final Nemesis nemesis, final long runStartNs) throws InterruptedException
    {
        final List<RoleId> clients = roles.stream().filter(r -> r.kind() == RoleKind.CLIENT).toList();
        final long boundNs = TimeUnit.SECONDS.toNanos(options.durationS() + DRAIN_S + 60L);
        final HistoryCounter counter = new HistoryCounter(histories);
        long nextProgressNs = runStartNs + TimeUnit.MILLISECONDS.toNanos(PROGRESS_MS);
        while (clients.stream().anyMatch(c -> fabric.process(c).isAlive()))
        {
            final long nowNs = System.nanoTime();
            if (nowNs - runStartNs > boundNs)
            {
                out.println("  clients still running " + (boundNs / 1_000_000_000L) + " s after the start: " +
                    "stopping them (their unfinished submits will fail the completion checker)");
                fabric.stopAll(clients);
                return;
            }
            if (nowNs - nextProgressNs >= 0)
            {
                nextProgressNs += TimeUnit.MILLISECONDS.toNanos(PROGRESS_MS);
                final String fault = nemesis.log().describeActiveAt(nowNs);
                out.printf("  %5.1f s: %,d submitted, %,d acknowledged; active gateway %s; fault: %s%n",
                    (nowNs - runStartNs) / 1e9, counter.count("SUBMIT "), counter.count("ANSWER "),
                    fabric.activeGateway(), null == fault || fault.isEmpty() ? "none" : fault);
            }
            for (final RoleId restarted : fabric.restartRolesThatExitedForTheirJournal(DiskFull.FILLER))
            {
                out.printf("  %s had exited for its journal (code %d), started again at %.1f s, as a supervisor " +
                    "would%n", restarted, ChaosFabric.JOURNAL_FAILURE_EXIT_CODE, (nowNs - runStartNs) / 1e9);
            }
            Thread.sleep(100);
        }
    }
}
