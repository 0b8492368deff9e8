package io.hedge.perf.compare;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.driver.ThreadingMode;
import io.hedge.perf.LoadResult;
import io.hedge.perf.cluster.ClusterLoadGenerator;
import io.hedge.perf.cluster.EchoCluster;
import io.hedge.transport.AeronDirs;
import io.hedge.transport.EmbeddedDriver;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Aeron Cluster as {@code hedge bench compare} runs it: three nodes of Aeron's sample echo service
 * ({@link EchoCluster}), each in a JVM of its own with an embedded media driver (SHARED threading, archive SHARED,
 * backoff idle), and a client in this JVM with its own embedded driver, sending 64-byte messages. A sick run
 * pauses the leader.
 */
final class ClusterBenchTarget implements BenchTarget
{
    private static final long PAUSE_MS = 50;
    private static final long PAUSE_PERIOD_MS = 1000;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Path dir;
    private final EchoCluster.Idle idle;
    private final PrintWriter out;
    private final boolean verbose;
    private final BenchProcesses processes;
    private final List<BenchProcesses.Child> nodes = new ArrayList<>();
    private EmbeddedDriver clientDriver;
    private AeronCluster cluster;
    private final ClusterLoadGenerator generator = new ClusterLoadGenerator(16 * 1024);

    ClusterBenchTarget(final Path dir, final EchoCluster.Idle idle, final PrintWriter out, final boolean verbose,
        final BenchProcesses processes)
    {
        this.dir = dir;
        this.idle = idle;
        this.out = out;
        this.verbose = verbose;
        this.processes = processes;
    }

    @Override
    public String name()
    {
        return "Aeron Cluster";
    }

    @Override
    public String fileName()
    {
        return "aeron-cluster";
    }

    @Override
    public void start() throws Exception
    {
        EchoCluster.checkPortsFree();
        IoUtil.delete(dir.toFile(), true);
        final Path nodesDir = dir.resolve("nodes");
        Files.createDirectories(nodesDir);
        final String classPath = EchoCluster.classPath(idle);
        for (int i = 0; i < EchoCluster.NODES; i++)
        {
            nodes.add(processes.start("cluster node " + i, EchoCluster.MAIN_CLASS, List.of(),
                dir.resolve("node-" + i + ".log"), classPath, EchoCluster.nodeJvmArgs(i, nodesDir, idle), nodesDir));
        }
        for (final BenchProcesses.Child node : nodes)
        {
            node.awaitOutput(EchoCluster.STARTED, 60, TimeUnit.SECONDS);
        }
        clientDriver = EmbeddedDriver.launch(
            AeronDirs.rootFor(dir).resolve("client").resolve("aeron"), ThreadingMode.SHARED);
        cluster = connect();
        out.printf("Aeron Cluster: %s nodes 0-2 (pids %s), each its own process, class path %s; leader is " +
            "node %d; logs in %s%n", EchoCluster.MAIN_CLASS, nodes.stream().map(n -> Long.toString(n.pid())).toList(),
            classPath, cluster.leaderMemberId(), dir);
    }

    private AeronCluster connect()
    {
        final long deadlineNs = System.nanoTime() + CONNECT_TIMEOUT_NS;
        RuntimeException last = null;
        while (System.nanoTime() - deadlineNs < 0)
        {
            try
            {
                return AeronCluster.connect(EchoCluster.clientContext(clientDriver.aeronDirectoryName(), generator));
            }
            catch (final RuntimeException ex)
            {
                // no leader elected yet, or the ingress is not up: try again
                last = ex;
                sleep(500);
            }
        }
        throw new IllegalStateException("could not connect to the Aeron Cluster in " +
            TimeUnit.NANOSECONDS.toSeconds(CONNECT_TIMEOUT_NS) + " s; node logs in " + dir, last);
    }

    @Override
    public BenchProcesses.Child sickProcess()
    {
        return nodes.get(cluster.leaderMemberId());
    }

    @Override
    public Outcome run(
        final int rate, final long warmupNs, final long durationNs, final Path intervalLog, final boolean sick)
        throws Exception
    {
        final LoadResult result;
        String pauses = "";
        final int leader = cluster.leaderMemberId();
        try (PrintStream log = new PrintStream(Files.newOutputStream(intervalLog), false))
        {
            final PrintStream progress = verbose ? new PrintStream(System.out, true) : null;
            if (sick)
            {
                final BenchProcesses.Sickness pauser = sickProcess().sicken(PAUSE_MS, PAUSE_PERIOD_MS);
                try
                {
                    result = generator.run(cluster, rate, warmupNs, durationNs, TimeUnit.SECONDS.toNanos(10), log,
                        progress);
                }
                finally
                {
                    pauser.close();
                }
                pauses = "; leader node " + leader + ": " + pauser.summary();
            }
            else
            {
                result = generator.run(cluster, rate, warmupNs, durationNs, TimeUnit.SECONDS.toNanos(10), log,
                    progress);
            }
        }
        final boolean leaderKept = cluster.leaderMemberId() == leader;
        final String detail = String.format("sent %,d echoed %,d wrong or duplicate %,d unanswered %,d; " +
            "leader node %d%s%s", result.sent(), result.answered(), result.notOk(), result.timedOut(), leader,
            leaderKept ? "" : " then node " + cluster.leaderMemberId() + " (new election)", pauses);
        return new Outcome(result, result.allAnswered(), detail);
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(cluster);
        cluster = null;
        CloseHelper.quietClose(clientDriver);
        clientDriver = null;
        for (final BenchProcesses.Child node : nodes)
        {
            node.resume();
        }
        for (int i = nodes.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(nodes.get(i));
        }
        for (final BenchProcesses.Child node : nodes)
        {
            if (node.isAlive())
            {
                node.kill();
            }
        }
        nodes.clear();
        AeronDirs.deleteRootOf(dir);
        AeronDirs.deleteRootOf(dir.resolve("nodes"));
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
