package io.hedge.client;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.hedge.client.SessionHarness.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectBackoffTest
{
    @Test
    void theDelayDoublesFromTheInitialOneUpToTheMax()
    {
        final ConnectBackoff backoff = new ConnectBackoff(100 * MS, 1_000 * MS, 0, new Random(7));
        final long[] expected = {100, 200, 400, 800, 1_000, 1_000, 1_000};
        for (int attempt = 0; attempt < expected.length; attempt++)
        {
            assertEquals(expected[attempt] * MS, backoff.delayNs(attempt), "attempt " + attempt);
        }
        assertEquals(1_000 * MS, backoff.delayNs(62), "no overflow however long it goes on");
        assertEquals(1_000 * MS, backoff.delayNs(Integer.MAX_VALUE));
    }

    @Test
    void aMaxThatIsNoPowerOfTwoOfTheInitialIsReachedNotPassed()
    {
        final ConnectBackoff backoff = new ConnectBackoff(3, Long.MAX_VALUE - 1, 0, new Random(7));
        long previous = 0;
        for (int attempt = 0; attempt < 70; attempt++)
        {
            final long delay = backoff.delayNs(attempt);
            assertTrue(delay >= previous && delay > 0 && delay <= Long.MAX_VALUE - 1, attempt + ": " + delay);
            previous = delay;
        }
        assertEquals(Long.MAX_VALUE - 1, previous);
    }

    @Test
    void jitterTakesOffAtMostItsFractionAndVaries()
    {
        final double jitter = 0.25;
        final ConnectBackoff backoff = new ConnectBackoff(100 * MS, 1_000 * MS, jitter, new Random(42));
        for (int attempt = 0; attempt < 10; attempt++)
        {
            final long base = backoff.baseNs(attempt);
            long lowest = Long.MAX_VALUE;
            long highest = 0;
            for (int i = 0; i < 200; i++)
            {
                final long delay = backoff.delayNs(attempt);
                assertTrue(delay <= base && delay >= (long)(base * (1 - jitter)),
                    "attempt " + attempt + ": " + delay + " outside [" + (long)(base * (1 - jitter)) + ", " + base + "]");
                lowest = Math.min(lowest, delay);
                highest = Math.max(highest, delay);
            }
            assertNotEquals(lowest, highest, "the random part varies");
            assertTrue(highest - lowest > base * jitter / 2, "and spreads over the range: " + lowest + ".." + highest);
        }
    }

    @Test
    void theSameSeedGivesTheSameDelays()
    {
        final ConnectBackoff one = new ConnectBackoff(100 * MS, 1_000 * MS, 0.5, new Random(3));
        final ConnectBackoff two = new ConnectBackoff(100 * MS, 1_000 * MS, 0.5, new Random(3));
        for (int attempt = 0; attempt < 20; attempt++)
        {
            assertEquals(one.delayNs(attempt), two.delayNs(attempt));
        }
    }

    /**
     * The failover uses it: rounds of probes after the active gateway falls silent are spaced out by the backoff, and
     * the spacing starts again from the initial delay once a gateway is active again.
     */
    @Test
    void probeRoundsBackOffAndStartAgainAfterAConnect()
    {
        final SessionHarness session = new SessionHarness(1, new ConnectBackoff(100 * MS, 400 * MS, 0, new Random(1)))
            .connectTo(1, 1);
        session.gateway(1).connected = false; // the active gateway is gone: probing starts at once
        final int before = session.gateway(1).connects.size();
        session.advance(MS);
        session.assertState(SessionState.PROBING);
        session.gateway(1).connected = true;
        final java.util.List<Long> roundsAt = new java.util.ArrayList<>();
        long last = session.failover.probes();
        final long startNs = session.nowNs;
        for (int i = 0; i < 1_600; i++)
        {
            session.advance(MS);
            if (session.failover.probes() != last)
            {
                last = session.failover.probes();
                roundsAt.add((session.nowNs - startNs) / MS);
            }
        }
        // a round at the start, then 100, 200, 400, 400, ... ms apart
        final java.util.List<Long> gaps = new java.util.ArrayList<>();
        for (int i = 1; i < roundsAt.size(); i++)
        {
            gaps.add(roundsAt.get(i) - roundsAt.get(i - 1));
        }
        assertEquals(java.util.List.of(200L, 400L, 400L, 400L), gaps.subList(0, 4), "rounds at " + roundsAt);
        assertTrue(session.gateway(1).connects.size() > before);

        session.ok(1, 1);
        session.assertState(SessionState.CONNECTED);
        session.gateway(1).connected = false;
        session.advance(MS);
        final long probesAtSilence = session.failover.probes();
        session.gateway(1).connected = true;
        session.advance(101 * MS);
        assertEquals(probesAtSilence + 1, session.failover.probes(), "the first gap is the initial delay again");
    }
}
