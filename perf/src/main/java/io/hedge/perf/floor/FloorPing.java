package io.hedge.perf.floor;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.hedge.perf.EchoLoadGenerator;
import io.hedge.perf.LoadResult;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * The measuring end of the floor: one raw Aeron UDP round trip to a {@link FloorPong} and back, driven open loop by
 * {@link EchoLoadGenerator} exactly as the Aeron Cluster row is (same message length, rate schedule, due-time
 * timing and idle), so that the floor is the least any request/response over Aeron costs on this machine.
 */
public final class FloorPing implements EchoLoadGenerator.Endpoint, AutoCloseable
{
    private final Aeron aeron;
    private final Publication pings;
    private final Subscription echoes;
    private final EchoLoadGenerator generator = new EchoLoadGenerator(16 * 1024);
    private final FragmentHandler onEcho = (buffer, offset, length, header) ->
        generator.onEcho(buffer, offset, length);

    /**
     * @param aeronDir directory of a running media driver.
     */
    public FloorPing(final String aeronDir, final FloorChannels channels)
    {
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        echoes = aeron.addSubscription(channels.pongChannel(), FloorChannels.PONG_STREAM_ID);
        pings = aeron.addPublication(channels.pingChannel(), FloorChannels.PING_STREAM_ID);
    }

    /**
     * Wait until the pong is connected both ways.
     *
     * @return false if it is not within the timeout.
     */
    public boolean awaitConnected(final long timeout, final TimeUnit unit)
    {
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (!(pings.isConnected() && echoes.isConnected()))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            sleep();
        }
        return true;
    }

    /**
     * One open-loop run; see {@link EchoLoadGenerator#run}.
     */
    public LoadResult run(
        final int ratePerSec, final long warmupNs, final long durationNs, final PrintStream intervalLog,
        final PrintStream progress)
    {
        return generator.run(this, ratePerSec, warmupNs, durationNs, TimeUnit.SECONDS.toNanos(10), intervalLog,
            progress);
    }

    @Override
    public int poll()
    {
        return echoes.poll(onEcho, 16);
    }

    @Override
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return pings.offer(buffer, offset, length);
    }

    @Override
    public String name()
    {
        return "the floor's ping publication";
    }

    @Override
    public int answererId()
    {
        return 0;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(pings, echoes, aeron);
    }

    private static void sleep()
    {
        try
        {
            Thread.sleep(10);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
