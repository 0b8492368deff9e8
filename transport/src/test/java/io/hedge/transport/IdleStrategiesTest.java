package io.hedge.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleStrategiesTest
{
    @Test
    void eachNameGivesItsStrategy()
    {
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.parse("backoff").get());
        assertInstanceOf(YieldingIdleStrategy.class, IdleStrategies.parse("yield").get());
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.parse("busy").get());
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.backoff());
    }

    @Test
    void aeronsNamesGiveTheStrategiesAeronGivesThem()
    {
        assertInstanceOf(NoOpIdleStrategy.class, IdleStrategies.parse("noop").get());
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.parse("spin").get());
        assertInstanceOf(SleepingIdleStrategy.class, IdleStrategies.parse("sleep-ns").get());
        assertInstanceOf(SleepingMillisIdleStrategy.class, IdleStrategies.parse("sleep-ms").get());
        for (final Class<?> type : new Class<?>[]{NoOpIdleStrategy.class, BusySpinIdleStrategy.class,
            YieldingIdleStrategy.class, SleepingIdleStrategy.class, SleepingMillisIdleStrategy.class,
            BackoffIdleStrategy.class})
        {
            assertInstanceOf(type, IdleStrategies.parse(type.getName()).get(), type.getName());
        }
    }

    @Test
    void sleepTakesMicroseconds()
    {
        final IdleStrategy sleeping = IdleStrategies.parse("sleep:250").get();
        assertInstanceOf(SleepingIdleStrategy.class, sleeping);
        assertTrue(sleeping.toString().contains("sleepPeriodNs=250000"), sleeping.toString());
    }

    @Test
    void everyAgentGetsAnInstanceOfItsOwn()
    {
        for (final String name : new String[]{"backoff", "yield", "busy", "sleep:10"})
        {
            final Supplier<IdleStrategy> supplier = IdleStrategies.parse(name);
            assertNotSame(supplier.get(), supplier.get(), name);
        }
        assertNotSame(IdleStrategies.backoff(), IdleStrategies.backoff());
    }

    @Test
    void aBadNameNamesTheIdleKey()
    {
        for (final String bad : new String[]{"", "fast", "Backoff", "busy ", "sleep:", "sleep:x", "sleep:1.5",
            "controllable", "org.agrona.concurrent.ControllableIdleStrategy"})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> IdleStrategies.parse(bad), "'" + bad + "'");
            assertEquals("setting 'idle' must be backoff, yield, busy or sleep:MICROS, or one of Aeron's names (noop, " +
                "spin, sleep-ns, sleep-ms or an org.agrona.concurrent idle strategy class), got '" + bad + "'",
                ex.getMessage());
        }
    }

    @Test
    void aSleepThatIsNotPositiveNamesTheIdleKey()
    {
        for (final String bad : new String[]{"sleep:0", "sleep:-5"})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> IdleStrategies.parse(bad), bad);
            assertTrue(ex.getMessage().startsWith("setting 'idle' sleep:MICROS needs a positive number"),
                ex.getMessage());
            assertTrue(ex.getMessage().endsWith("got '" + bad + "'"), ex.getMessage());
        }
    }
}
