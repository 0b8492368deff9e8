package io.hedge.perf.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.hedge.perf.EchoLoadGenerator;
import io.hedge.perf.LoadResult;
import org.agrona.DirectBuffer;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives an Aeron Cluster echo service with {@link EchoLoadGenerator}'s open loop: the client's egress listener,
 * handing every echo to the generator, and the cluster client as the generator's endpoint (its ingress to send to,
 * its egress to poll, its leader as the one that answered).
 */
public final class ClusterLoadGenerator implements EgressListener
{
    /**
     * Bytes per message, as Hedge's NewOrder requests.
     */
    public static final int MESSAGE_LENGTH = EchoLoadGenerator.MESSAGE_LENGTH;

    private final EchoLoadGenerator generator;

    /**
     * @param maxInFlight messages sent and not yet echoed before the sender waits; a power of two.
     */
    public ClusterLoadGenerator(final int maxInFlight)
    {
        generator = new EchoLoadGenerator(maxInFlight);
    }

    /**
     * Run: warm up, then measure, then wait for the last echoes; see {@link EchoLoadGenerator#run}.
     *
     * @param cluster a connected client whose egress listener is this generator.
     * @return what was measured; its wins are the answers per leader member id.
     */
    public LoadResult run(
        final AeronCluster cluster,
        final int ratePerSec,
        final long warmupNs,
        final long durationNs,
        final long drainNs,
        final PrintStream intervalLog,
        final PrintStream progress)
    {
        return generator.run(new ClusterEndpoint(cluster), ratePerSec, warmupNs, durationNs, drainNs, intervalLog,
            progress);
    }

    /**
     * Keep the session alive while no load runs (the cluster closes a silent session after its session timeout).
     *
     * @param cluster  the client.
     * @param periodNs how long to wait.
     */
    public void idle(final AeronCluster cluster, final long periodNs)
    {
        final long deadlineNs = System.nanoTime() + periodNs;
        long nextKeepAliveNs = System.nanoTime();
        while (System.nanoTime() - deadlineNs < 0)
        {
            if (System.nanoTime() - nextKeepAliveNs >= 0)
            {
                cluster.sendKeepAlive();
                nextKeepAliveNs += TimeUnit.SECONDS.toNanos(1);
            }
            if (cluster.pollEgress() == 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /**
     * @return echoes for correlation ids that were not outstanding (duplicates or strays) in the last run.
     */
    public long unexpected()
    {
        return generator.unexpected();
    }

    @Override
    public void onMessage(
        final long clusterSessionId,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        generator.onEcho(buffer, offset, length);
    }

    private record ClusterEndpoint(AeronCluster cluster) implements EchoLoadGenerator.Endpoint
    {
        @Override
        public int poll()
        {
            return cluster.pollEgress();
        }

        @Override
        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            return cluster.offer(buffer, offset, length);
        }

        @Override
        public String name()
        {
            return "the cluster ingress";
        }

        @Override
        public int answererId()
        {
            return cluster.leaderMemberId();
        }
    }
}
