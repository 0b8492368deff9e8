package io.hedge.perf.cluster;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The backoff idle strategy of every Hedge agent and embedded driver (10 spins, 20 yields, then parks of 1 µs
 * doubling up to 100 µs), with the no-argument constructor Aeron needs to load an idle strategy by class name
 * from a system property such as {@code aeron.cluster.idle.strategy}. Aeron's own "backoff" parks up to 1 ms,
 * which at low rates costs a cluster up to a millisecond per hop; with this one both systems idle alike.
 * <p>
 * It refers to nothing but Agrona, so an Aeron Cluster node can load it with the aeron-all jar and this class on
 * its class path.
 */
public final class HedgeBackoffIdleStrategy implements IdleStrategy
{
    /**
     * The largest park, ns.
     */
    public static final long MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private final BackoffIdleStrategy delegate =
        new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), MAX_PARK_NS);

    @Override
    public void idle(final int workCount)
    {
        delegate.idle(workCount);
    }

    @Override
    public void idle()
    {
        delegate.idle();
    }

    @Override
    public void reset()
    {
        delegate.reset();
    }

    @Override
    public String alias()
    {
        return "hedge-backoff";
    }
}
