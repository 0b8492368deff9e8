package io.hedge.gateway;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Idles as configured while the gateway is active or standing for election, and sleeps longer between polls while it
 * is a standby. A standby only follows the stream into its journal and watches for silence measured in hundreds of
 * milliseconds; polling it as eagerly as the active gateway would take the cores the active gateway and the replicas
 * need, which on a small machine is what the client's tail latency is made of.
 */
final class StandbyIdleStrategy implements IdleStrategy
{
    private final BooleanSupplier standby;
    private final IdleStrategy active;
    private final long standbySleepNs;

    /**
     * @param standby true while the gateway is a standby (read on the agent's thread, between duty cycles).
     */
    StandbyIdleStrategy(final BooleanSupplier standby, final IdleStrategy active, final long standbySleepNs)
    {
        this.standby = standby;
        this.active = active;
        this.standbySleepNs = standbySleepNs;
    }

    @Override
    public void idle(final int workCount)
    {
        if (!standby.getAsBoolean())
        {
            active.idle(workCount);
        }
        else if (workCount <= 0)
        {
            LockSupport.parkNanos(standbySleepNs);
        }
    }

    @Override
    public void idle()
    {
        if (!standby.getAsBoolean())
        {
            active.idle();
        }
        else
        {
            LockSupport.parkNanos(standbySleepNs);
        }
    }

    @Override
    public void reset()
    {
        active.reset();
    }

    @Override
    public String alias()
    {
        return "standby-" + active.alias();
    }
}
