package io.hedge.ops.health;

import java.util.Random;

/**
 * A replica whose apply time ramps up, as a queue: requests arrive at the fabric's rate, it applies one per mean
 * apply time, and the backlog grows once that exceeds the time between requests (500 us at 2,000/s). Its p99 is
 * about twice the mean, with noise; its lag is the backlog, in seqs and in how long ago the next seq was sequenced.
 */
final class SlowingReplica
{
    private final Random random;
    private final double noise;
    double meanApplyUs;
    double rampUsPerSecond;
    private double backlog;

    SlowingReplica(final long seed, final double meanApplyUs, final double noise)
    {
        this.random = new Random(seed);
        this.meanApplyUs = meanApplyUs;
        this.noise = noise;
    }

    /**
     * One second at the given rate, then set the replica's figures in the fabric.
     */
    void second(final SimulatedFabric fabric, final int replica)
    {
        meanApplyUs += rampUsPerSecond;
        final double capacity = 1_000_000.0 / meanApplyUs;
        backlog = Math.max(0, backlog + SimulatedFabric.RATE - capacity);
        final double jitter = 1.0 + noise * random.nextGaussian();
        fabric.applyP99Ns[replica] = (long)(2 * meanApplyUs * 1000 * Math.max(0.5, jitter));
        fabric.lagSeqs[replica] = Math.round(backlog) + random.nextInt(10);
        fabric.lagMs[replica] = Math.round(backlog * 1000.0 / SimulatedFabric.RATE) + random.nextInt(5);
    }

    void recover(final double meanApplyUs)
    {
        this.meanApplyUs = meanApplyUs;
        rampUsPerSecond = 0;
    }
}
