package io.hedge.chaos.nemesis;

import io.aeron.driver.ext.LossGenerator;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * An Aeron {@link LossGenerator} whose drop rate is switched at run time through a {@link SwitchFile} (0: drop
 * nothing, 1: drop everything), read at most once a millisecond. Aeron's own generators fix their rate when the
 * driver starts ({@code aeron.debug.receive.data.loss.rate} is read once, in a static initialiser), which would make
 * a loss fault cost two restarts; this one lets the fault flip loss on and off in a running process.
 */
public final class SwitchedLossGenerator implements LossGenerator
{
    private final SwitchFile rate;
    private final SplittableRandom random;

    public SwitchedLossGenerator(final Path rateFile, final long seed)
    {
        this.rate = new SwitchFile(rateFile, SwitchFile.millis(1));
        this.random = new SplittableRandom(seed);
    }

    @Override
    public boolean shouldDropFrame(final InetSocketAddress address, final UnsafeBuffer buffer, final int length)
    {
        final double dropRate = rate.value(System.nanoTime());
        return dropRate > 0 && random.nextDouble() < dropRate;
    }
}
