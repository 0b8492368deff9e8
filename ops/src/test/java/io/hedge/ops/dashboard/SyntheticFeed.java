package io.hedge.ops.dashboard;

import io.hedge.ops.OpsListener;

import java.util.List;
import java.util.Map;

/**
 * An {@link OpsFeed} of {@link SyntheticFabric}'s live ticks, one a second, recording what each tick sent.
 */
final class SyntheticFeed implements OpsFeed
{
    private final SyntheticFabric fabric;
    private final List<Map<String, Long>> sent;
    private OpsListener listener;
    private long nextTickMs;
    private long tick = 1_000;

    SyntheticFeed(final SyntheticFabric fabric, final List<Map<String, Long>> sent)
    {
        this.fabric = fabric;
        this.sent = sent;
    }

    @Override
    public void start(final OpsListener listener)
    {
        this.listener = listener;
    }

    @Override
    public int poll()
    {
        final long nowMs = System.currentTimeMillis();
        if (nowMs < nextTickMs)
        {
            return 0;
        }
        nextTickMs = nowMs + 1_000;
        final Map<String, Long> expected = Map.copyOf(fabric.tick(listener, tick++, true));
        synchronized (sent)
        {
            sent.add(expected);
        }
        return 1;
    }

    @Override
    public boolean connected()
    {
        return true;
    }

    @Override
    public String describe()
    {
        return "synthetic fabric: 3 sites at " + SyntheticFabric.RATE + "/s";
    }

    @Override
    public void close()
    {
    }
}
