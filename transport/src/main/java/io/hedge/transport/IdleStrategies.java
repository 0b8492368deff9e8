package io.hedge.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The idle strategies a role can be given by name, and the default.
 */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /**
     * The default when idle: spin briefly, yield, then park for at most 100 µs, so that several roles share two cores
     * without starving each other. Busy spin is for machines with cores to spare.
     *
     * @return a new idle strategy.
     */
    public static IdleStrategy backoff()
    {
        return new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * @param name {@code backoff}, {@code yield}, {@code busy} or {@code sleep:MICROS}.
     * @return a supplier of that strategy, one instance per agent.
     * @throws IllegalArgumentException for any other name, naming the {@code idle} key.
     */
    public static Supplier<IdleStrategy> parse(final String name)
    {
        switch (name)
        {
            case "backoff":
                return IdleStrategies::backoff;
            case "yield":
                return YieldingIdleStrategy::new;
            case "busy":
                return BusySpinIdleStrategy::new;
            default:
                if (name.startsWith("sleep:"))
                {
                    try
                    {
                        final long micros = Long.parseLong(name.substring("sleep:".length()));
                        if (micros <= 0)
                        {
                            throw new IllegalArgumentException(
                                "setting 'idle' sleep:MICROS needs a positive number of microseconds, got '" + name + "'");
                        }
                        return () -> new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(micros));
                    }
                    catch (final NumberFormatException ignore)
                    {
                        // falls through to the error below
                    }
                }
                throw new IllegalArgumentException(
                    "setting 'idle' must be backoff, yield, busy or sleep:MICROS, got '" + name + "'");
        }
    }
}
