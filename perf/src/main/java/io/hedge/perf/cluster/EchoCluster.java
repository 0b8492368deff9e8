package io.hedge.perf.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * How a three-node Aeron Cluster echo service is run beside Hedge: each node is Aeron's own sample
 * {@code io.aeron.samples.cluster.EchoServiceNode} from the aeron-all jar, in a JVM of its own, configured only
 * through system properties, and a client reaches it through {@link #clientContext}.
 * <p>
 * What the sample fixes and what the properties set, per node {@code i}:
 * <ul>
 *     <li>ports: the sample's port base is 9000 and cannot be changed; node {@code i} uses
 *     {@code 9000 + 100 i + 1..5} on loopback (archive control, client ingress, members, log, catch-up);</li>
 *     <li>directories: the Aeron directory is {@code aeron.dir + "-i-driver"}, archive and cluster directories are
 *     under {@code user.dir/aeron-cluster-i}; the caller starts the nodes in their working directory;</li>
 *     <li>threads: the media driver in SHARED threading ({@code aeron.threading.mode}) and the archive in SHARED
 *     threading ({@code aeron.archive.threading.mode}), the consensus module and the echo service one thread each:
 *     four agent threads per node;</li>
 *     <li>idle: every agent backs off; with {@link Idle#HEDGE} with Hedge's own parameters (parks up to 100 µs,
 *     {@link HedgeBackoffIdleStrategy}, which then joins the class path), with {@link Idle#AERON} with Aeron's
 *     default backoff (parks up to 1 ms) and nothing but the aeron-all jar on the class path.</li>
 * </ul>
 */
public final class EchoCluster
{
    /**
     * The sample node's main class.
     */
    public static final String MAIN_CLASS = "io.aeron.samples.cluster.EchoServiceNode";

    /**
     * What a node prints once its consensus module and service have started.
     */
    public static final String STARTED = "Started Cluster Node";

    /**
     * Members of the cluster.
     */
    public static final int NODES = 3;

    /**
     * The sample's fixed port base, its ports per node and the offsets it uses.
     */
    public static final int PORT_BASE = 9000;
    public static final int PORTS_PER_NODE = 100;
    public static final int CLIENT_FACING_PORT_OFFSET = 2;
    private static final int[] PORT_OFFSETS = {1, 2, 3, 4, 5};

    private static final String HOST = "127.0.0.1";

    /**
     * The idle strategy of a node's agents.
     */
    public enum Idle
    {
        /**
         * Hedge's backoff: parks up to 100 µs.
         */
        HEDGE,
        /**
         * Aeron's default backoff: parks up to 1 ms.
         */
        AERON;

        /**
         * @return the value of the command line option for this.
         */
        public String label()
        {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param label hedge or aeron.
         * @return the idle strategy.
         */
        public static Idle of(final String label)
        {
            for (final Idle idle : values())
            {
                if (idle.label().equals(label))
                {
                    return idle;
                }
            }
            throw new IllegalArgumentException("cluster idle strategy must be 'hedge' or 'aeron', got '" + label + "'");
        }
    }

    private EchoCluster()
    {
    }

    /**
     * The aeron-all jar the nodes run from: the system property {@code hedge.aeron.all.jar} if set, else the path
     * the build recorded (its local repository), else {@code ~/.m2/repository}.
     *
     * @return the jar.
     * @throws IllegalStateException if it is not where it should be.
     */
    public static Path aeronAllJar()
    {
        final List<Path> candidates = new ArrayList<>();
        final String explicit = System.getProperty("hedge.aeron.all.jar");
        if (null != explicit && !explicit.isBlank())
        {
            candidates.add(Path.of(explicit));
        }
        final Properties built = buildProperties();
        final String version = built.getProperty("aeron.version", "1.51.0");
        final String recorded = built.getProperty("aeron.all.jar", "");
        if (!recorded.isBlank() && !recorded.contains("${"))
        {
            candidates.add(Path.of(recorded));
        }
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "aeron", "aeron-all",
            version, "aeron-all-" + version + ".jar"));
        for (final Path candidate : candidates)
        {
            if (Files.isRegularFile(candidate))
            {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("the aeron-all " + version + " jar is not in any of " + candidates +
            "; fetch it with 'mvn dependency:get -Dartifact=io.aeron:aeron-all:" + version + "' or point " +
            "-Dhedge.aeron.all.jar at it");
    }

    /**
     * @param idle the nodes' idle strategy.
     * @return the class path of a node: the aeron-all jar, and with {@link Idle#HEDGE} the location of
     * {@link HedgeBackoffIdleStrategy} (which refers to nothing but Agrona).
     */
    public static String classPath(final Idle idle)
    {
        final String jar = aeronAllJar().toString();
        if (idle == Idle.AERON)
        {
            return jar;
        }
        try
        {
            final Path own = Path.of(HedgeBackoffIdleStrategy.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
            return jar + java.io.File.pathSeparator + own;
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException("cannot locate the classes of " + HedgeBackoffIdleStrategy.class, ex);
        }
    }

    /**
     * The system properties of node {@code nodeId}. Start the node with its working directory set to
     * {@code workDir}; its Aeron directory is {@code workDir/aeron-<nodeId>-driver}, its archive and cluster
     * directories are under {@code workDir/aeron-cluster-<nodeId>}.
     *
     * @param nodeId  0, 1 or 2.
     * @param workDir the nodes' working directory.
     * @param idle    the idle strategy of its agents.
     * @return {@code -Dkey=value} arguments.
     */
    public static List<String> nodeJvmArgs(final int nodeId, final Path workDir, final Idle idle)
    {
        final String strategy = idle == Idle.HEDGE ?
            HedgeBackoffIdleStrategy.class.getName() : "org.agrona.concurrent.BackoffIdleStrategy";
        final List<String> args = new ArrayList<>();
        args.add("-Daeron.cluster.tutorial.nodeId=" + nodeId);
        args.add("-Daeron.cluster.tutorial.hostnames=" + String.join(",", List.of(HOST, HOST, HOST)));
        // the consensus module needs an ingress channel; with no endpoint it takes the member's from the sample
        args.add("-Daeron.cluster.ingress.channel=aeron:udp");
        args.add("-Daeron.dir=" + io.hedge.transport.AeronDirs.rootFor(workDir).resolve("aeron"));
        args.add("-Daeron.dir.delete.on.start=true");
        args.add("-Daeron.dir.delete.on.shutdown=true");
        args.add("-Daeron.term.buffer.sparse.file=true");
        args.add("-Daeron.threading.mode=SHARED");
        args.add("-Daeron.archive.threading.mode=SHARED");
        args.add("-Daeron.archive.dir.delete.on.start=true");
        for (final String agent : List.of("shared", "sharednetwork", "conductor", "sender", "receiver"))
        {
            args.add("-Daeron." + agent + ".idle.strategy=" + strategy);
        }
        args.add("-Daeron.archive.idle.strategy=" + strategy);
        args.add("-Daeron.archive.recorder.idle.strategy=" + strategy);
        args.add("-Daeron.archive.replayer.idle.strategy=" + strategy);
        args.add("-Daeron.cluster.idle.strategy=" + strategy);
        return args;
    }

    /**
     * @return the client ingress endpoints of the members, {@code id=host:port,...}.
     */
    public static String ingressEndpoints()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NODES; i++)
        {
            sb.append(i).append('=').append(HOST).append(':')
                .append(PORT_BASE + i * PORTS_PER_NODE + CLIENT_FACING_PORT_OFFSET).append(',');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /**
     * The sample's ports are fixed: fail early and clearly if something else holds one of them.
     *
     * @throws IllegalStateException naming the port that is taken.
     */
    public static void checkPortsFree()
    {
        for (int i = 0; i < NODES; i++)
        {
            for (final int offset : PORT_OFFSETS)
            {
                final int port = PORT_BASE + i * PORTS_PER_NODE + offset;
                try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), port)))
                {
                    socket.getLocalPort();
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException("UDP port " + port + " on " + HOST + " is taken; the Aeron " +
                        "Cluster sample nodes need ports " + PORT_BASE + "-" + (PORT_BASE + NODES * PORTS_PER_NODE) +
                        " (is another cluster or 'hedge bench compare' running?)", ex);
                }
            }
        }
    }

    /**
     * @param aeronDir the client's media driver.
     * @param listener of echoes.
     * @return a client context for {@link AeronCluster#connect(AeronCluster.Context)}.
     */
    public static AeronCluster.Context clientContext(final String aeronDir, final EgressListener listener)
    {
        return new AeronCluster.Context()
            .aeronDirectoryName(aeronDir)
            .ingressChannel("aeron:udp")
            .ingressEndpoints(ingressEndpoints())
            .egressChannel("aeron:udp?endpoint=" + HOST + ":0")
            .egressListener(listener)
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(10))
            .idleStrategy(new HedgeBackoffIdleStrategy());
    }

    private static Properties buildProperties()
    {
        final Properties properties = new Properties();
        try (InputStream in = EchoCluster.class.getResourceAsStream("aeron-all.properties"))
        {
            if (null != in)
            {
                properties.load(in);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }
}
