package io.hedge.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleContextTest
{
    /**
     * The smallest role: one setting of its own, with a key.
     */
    private static final class TestContext extends RoleContext<TestContext>
    {
        static final Setting WIDGETS = new Setting("test.widgets", "3", "widgets of the test role");

        int widgets = WIDGETS.defaultInt();
        int concludeRoleCalls;

        @Override
        public String roleName()
        {
            return "test role";
        }

        @Override
        protected void concludeRole()
        {
            concludeRoleCalls++;
            if (widgets <= 0)
            {
                throw WIDGETS.invalid("must be positive, got " + widgets);
            }
        }
    }

    private static TestContext good()
    {
        return new TestContext().aeronDirectoryName("/dev/shm/hedge-test-aeron");
    }

    @Test
    void defaults()
    {
        final TestContext ctx = new TestContext();
        assertEquals(RoleContext.DEFAULT_FRAGMENT_LIMIT, ctx.fragmentLimit());
        assertInstanceOf(BackoffIdleStrategy.class, ctx.idleStrategySupplier().get());
        assertNull(ctx.aeron());
        assertNull(ctx.aeronDirectoryName());
        assertFalse(ctx.isConcluded());
    }

    @Test
    void settersChainAndConcludeReturnsTheContext()
    {
        final TestContext ctx = good();
        assertSame(ctx, ctx.fragmentLimit(10).idleStrategySupplier(BusySpinIdleStrategy::new));
        assertSame(ctx, ctx.conclude());
        assertTrue(ctx.isConcluded());
        assertEquals(10, ctx.fragmentLimit());
        assertEquals(1, ctx.concludeRoleCalls);
    }

    @Test
    void concludingTwiceIsAnError()
    {
        final TestContext ctx = good().conclude();
        final IllegalStateException ex = assertThrows(IllegalStateException.class, ctx::conclude);
        assertTrue(ex.getMessage().startsWith("test role: its context is already concluded"), ex.getMessage());
        assertEquals(1, ctx.concludeRoleCalls, "the role's checks ran once");
    }

    @Test
    void withoutAnAeronClientTheAeronDirIsRequired()
    {
        for (final String dir : new String[]{null, "", "  "})
        {
            final TestContext ctx = new TestContext().aeronDirectoryName(dir);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
            assertEquals("test role needs an Aeron client or aeron.dir", ex.getMessage());
            assertFalse(ctx.isConcluded());
        }
    }

    @Test
    void theFragmentLimitMustBePositive()
    {
        for (final int bad : new int[]{0, -1})
        {
            final TestContext ctx = good().fragmentLimit(bad);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
            assertEquals("test role: fragment limit must be positive, got " + bad, ex.getMessage());
        }
    }

    @Test
    void anIdleStrategyIsRequired()
    {
        final TestContext ctx = good().idleStrategySupplier(null);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertEquals("test role: idle strategy is required", ex.getMessage());
    }

    @Test
    void theRolesOwnCheckNamesItsKeyAndLeavesTheContextOpen()
    {
        final TestContext ctx = good();
        ctx.widgets = 0;
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertEquals("test.widgets must be positive, got 0", ex.getMessage());
        assertFalse(ctx.isConcluded(), "a rejected context is not concluded");

        ctx.widgets = 2;
        ctx.conclude();
        assertTrue(ctx.isConcluded());
    }

    @Test
    void theCommonChecksRunBeforeTheRoles()
    {
        final TestContext ctx = new TestContext();
        ctx.widgets = 0;
        assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertEquals(0, ctx.concludeRoleCalls);
    }
}
