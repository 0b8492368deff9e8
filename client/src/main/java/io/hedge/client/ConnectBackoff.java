package io.hedge.client;

import java.util.Random;

/**
 * How long a client waits before it sends ClientConnect again to a gateway that has not answered (at connect) or
 * asks every gateway again (while failing over): {@code initial * 2^attempt}, at most {@code max}, less a random
 * part of up to {@code jitter} of it, so that many clients that lost the same gateway do not ask in step. The random
 * source is the client's own: clients are not replicas, nothing here needs to be deterministic.
 */
final class ConnectBackoff
{
    private final long initialNs;
    private final long maxNs;
    private final double jitter;
    private final Random random;

    /**
     * @param initialNs first delay, &gt; 0.
     * @param maxNs     longest delay, &ge; initialNs.
     * @param jitter    fraction of a delay that may be taken off at random, 0 (none) to 1.
     * @param random    the random source (seeded in tests).
     */
    ConnectBackoff(final long initialNs, final long maxNs, final double jitter, final Random random)
    {
        this.initialNs = initialNs;
        this.maxNs = maxNs;
        this.jitter = jitter;
        this.random = random;
    }

    /**
     * @param attempt how many times it was tried already since the last answer, from 0.
     * @return the delay before the next attempt: in {@code [base * (1 - jitter), base]} where
     * {@code base = min(max, initial * 2^attempt)}.
     */
    long delayNs(final int attempt)
    {
        final long base = baseNs(attempt);
        return 0 == jitter ? base : base - (long)(base * jitter * random.nextDouble());
    }

    /**
     * @return the delay without jitter.
     */
    long baseNs(final int attempt)
    {
        if (attempt >= 62 || initialNs > (maxNs >> Math.min(attempt, 62)))
        {
            return maxNs; // doubling further would pass max (or overflow)
        }
        return Math.min(maxNs, initialNs << attempt);
    }

    long initialNs()
    {
        return initialNs;
    }

    long maxNs()
    {
        return maxNs;
    }
}
