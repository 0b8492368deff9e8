package io.hedge.perf.floor;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.IdleStrategies;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The far end of the floor's round trip: sends every ping straight back, nothing else. One thread polls and echoes
 * with Hedge's backoff idle strategy, as a Hedge role's agent does, on a media driver of Hedge's settings (its own
 * embedded one, or a shared {@code hedge driver}). Run as a process of its own by {@code hedge bench compare}, or on
 * a thread by tests.
 */
public final class FloorPong implements Runnable, AutoCloseable
{
    /** Printed once the subscription and publication are open. */
    public static final String READY = "floor pong ready";

    private final Aeron aeron;
    private final Subscription pings;
    private final Publication echoes;
    private final IdleStrategy idle = IdleStrategies.backoff();
    private final FragmentHandler echo = (buffer, offset, length, header) -> echo(buffer, offset, length);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;
    private long backPressured;

    /**
     * @param aeronDir directory of a running media driver.
     */
    public FloorPong(final String aeronDir, final FloorChannels channels)
    {
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        pings = aeron.addSubscription(channels.pingChannel(), FloorChannels.PING_STREAM_ID);
        echoes = aeron.addPublication(channels.pongChannel(), FloorChannels.PONG_STREAM_ID);
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                idle.idle(pings.poll(echo, 16));
            }
        }
        finally
        {
            finished.countDown();
        }
    }

    private void echo(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        long result;
        while ((result = echoes.offer(buffer, offset, length)) < 0 && running)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                running = false;
                return;
            }
            // back pressured or the ping side not yet connected: the ping side times the wait, as it should
            backPressured++;
            Thread.onSpinWait();
        }
    }

    /**
     * @return offers that had to be retried.
     */
    public long backPressured()
    {
        return backPressured;
    }

    /**
     * Stop the loop (waiting up to 5 s for it) and close the client.
     */
    @Override
    public void close()
    {
        running = false;
        try
        {
            finished.await(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        CloseHelper.quietCloseAll(echoes, pings, aeron);
    }

    /**
     * {@code FloorPong embedded|external AERON_DIR HOST PING_PORT PONG_PORT}: with {@code embedded}, runs its own
     * media driver at AERON_DIR (SHARED, Hedge's settings); with {@code external}, uses the one running there. Runs
     * until SIGTERM.
     */
    public static void main(final String[] args)
    {
        if (args.length != 5 || !("embedded".equals(args[0]) || "external".equals(args[0])))
        {
            System.err.println("usage: FloorPong embedded|external AERON_DIR HOST PING_PORT PONG_PORT");
            System.exit(2);
        }
        final FloorChannels channels = new FloorChannels(args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        final EmbeddedDriver driver = "embedded".equals(args[0]) ? EmbeddedDriver.launch(Path.of(args[1]),
            ThreadingMode.SHARED) : null;
        final FloorPong pong = new FloorPong(null == driver ? args[1] : driver.aeronDirectoryName(), channels);
        final Thread loop = new Thread(pong, "floor-pong");
        loop.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CloseHelper.quietCloseAll(pong, driver),
            "floor-pong-shutdown"));
        System.out.printf("%s: pid %d, pings on %s stream %d, echoes on %s stream %d, %s media driver at %s%n",
            READY, ProcessHandle.current().pid(), channels.pingChannel(), FloorChannels.PING_STREAM_ID,
            channels.pongChannel(), FloorChannels.PONG_STREAM_ID, args[0], args[1]);
        System.out.flush();
    }
}
