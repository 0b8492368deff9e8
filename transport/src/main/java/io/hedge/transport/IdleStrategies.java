package io.hedge.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
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
     * Hedge's names, and Aeron's own ({@code aeron.*.idle.strategy} values), so that a setting copied from an Aeron
     * configuration means the same here: {@code noop}, {@code spin}, {@code yield}, {@code sleep-ns}, {@code sleep-ms},
     * {@code backoff} and the Agrona class names. Aeron's {@code controllable} is refused: it needs a counter that
     * Hedge's agents do not have. {@code backoff} and the BackoffIdleStrategy class name are Hedge's backoff, which
     * parks for at most 100 µs rather than Aeron's 1 ms.
     *
     * @param name {@code backoff}, {@code yield}, {@code busy}, {@code sleep:MICROS} or one of Aeron's names.
     * @return a supplier of that strategy, one instance per agent.
     * @throws IllegalArgumentException for any other name, naming the {@code idle} key.
     */
    public static Supplier<IdleStrategy> parse(final String name)
    {
        switch (name)
        {
            case "backoff":
            case "org.agrona.concurrent.BackoffIdleStrategy":
                return IdleStrategies::backoff;
            case "yield":
            case "org.agrona.concurrent.YieldingIdleStrategy":
                return YieldingIdleStrategy::new;
            case "busy":
            case "spin":
            case "org.agrona.concurrent.BusySpinIdleStrategy":
                return BusySpinIdleStrategy::new;
            case "noop":
            case "org.agrona.concurrent.NoOpIdleStrategy":
                return NoOpIdleStrategy::new;
            case "sleep-ns":
            case "org.agrona.concurrent.SleepingIdleStrategy":
                return SleepingIdleStrategy::new;
            case "sleep-ms":
            case "org.agrona.concurrent.SleepingMillisIdleStrategy":
                return SleepingMillisIdleStrategy::new;
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
                throw new IllegalArgumentException("setting 'idle' must be backoff, yield, busy or sleep:MICROS, or " +
                    "one of Aeron's names (noop, spin, sleep-ns, sleep-ms or an org.agrona.concurrent idle strategy " +
                    "class), got '" + name + "'");
        }
    }
}
