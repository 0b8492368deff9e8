package io.hedge.chaos.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetnsTest
{
    @Test
    void aFailedCommandSaysWhatRanAndWhatItPrinted()
    {
        final Shell.CommandFailedException failure = assertThrows(Shell.CommandFailedException.class,
            () -> Shell.run("ip", "link", "show", "dev", "no-such-link-here"));
        assertTrue(failure.getMessage().contains("`ip link show dev no-such-link-here` failed with exit code"),
            failure.getMessage());
        assertTrue(failure.getMessage().contains("no-such-link-here\" does not exist"), failure.getMessage());
    }

    @Test
    void aHungCommandIsKilledAtItsTimeout()
    {
        final long startNs = System.nanoTime();
        final Shell.CommandFailedException failure = assertThrows(Shell.CommandFailedException.class,
            () -> Shell.run(java.time.Duration.ofMillis(300), List.of("sleep", "30")));
        assertEquals(-1, failure.exitCode());
        assertTrue(failure.getMessage().contains("did not finish within 300 ms"), failure.getMessage());
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void theMessageWithoutRootSaysHedgeChaosNeedsRoot()
    {
        assertTrue(Netns.notRootMessage().startsWith("hedge chaos needs root"));
        if (!Netns.isRoot())
        {
            final IllegalStateException failure = assertThrows(IllegalStateException.class, Netns::new);
            assertEquals(Netns.notRootMessage(), failure.getMessage());
        }
    }

    @Test
    void prefixesAreFreshAndShort()
    {
        final String prefix = Netns.newPrefix();
        assertTrue(prefix.matches("hx[0-9a-f]{6}"), prefix);
    }

    @Test
    void closeRemovesEverythingMadeAndLeftoversGoByPrefix()
    {
        NetTests.assumeRoot();
        final String prefix = Netns.newPrefix();
        try (Netns netns = new Netns())
        {
            netns.create(prefix + "-a");
            netns.create(prefix + "-b");
            netns.vethPair(prefix + "-a", "x0", prefix + "-b", "y0");
            assertTrue(netns.ip(prefix + "-b", "-o", "link", "show").contains("y0@"));
            assertEquals(List.of(prefix + "-a", prefix + "-b"), netns.namespaces());
        }
        assertEquals(List.of(), Netns.list().stream().filter(n -> n.startsWith(prefix)).toList());

        // a run killed before it could clean up leaves namespaces that removeLeftovers finds by prefix
        Shell.run("ip", "netns", "add", prefix + "-left");
        final String other = Netns.newPrefix();
        Shell.run("ip", "netns", "add", other + "-kept");
        try
        {
            assertEquals(List.of(prefix + "-left"), Netns.removeLeftovers(prefix));
            assertEquals(List.of(other + "-kept"),
                Netns.list().stream().filter(n -> n.startsWith(prefix) || n.startsWith(other)).toList());
        }
        finally
        {
            Netns.removeLeftovers(other);
            Netns.removeLeftovers(prefix);
        }
    }
}
