package io.hedge.perf.floor;

import io.aeron.driver.ThreadingMode;
import io.hedge.perf.LoadResult;
import io.hedge.transport.EmbeddedDriver;
import io.hedge.transport.Ports;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The floor's round trip over real Aeron on loopback: a pong on a thread with its own embedded driver, the ping with
 * another, driven open loop for a short run.
 */
class FloorRoundTripTest
{
    private Path dir;
    private EmbeddedDriver pongDriver;
    private EmbeddedDriver pingDriver;
    private FloorPong pong;
    private FloorPing ping;

    @BeforeEach
    void start()
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), "floor-" + System.nanoTime())
            .toAbsolutePath();
        pongDriver = EmbeddedDriver.launch(dir.resolve("pong-aeron"), ThreadingMode.SHARED);
        pingDriver = EmbeddedDriver.launch(dir.resolve("ping-aeron"), ThreadingMode.SHARED);
        final FloorChannels channels = new FloorChannels("localhost", Ports.freeUdpPort(), Ports.freeUdpPort());
        pong = new FloorPong(pongDriver.aeronDirectoryName(), channels);
        final Thread loop = new Thread(pong, "floor-pong");
        loop.setDaemon(true);
        loop.start();
        ping = new FloorPing(pingDriver.aeronDirectoryName(), channels);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(ping, pong, pingDriver, pongDriver);
        IoUtil.delete(dir.toFile(), true);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyPingIsEchoedAndTheMeasuredOnesAreInTheHistogram()
    {
        assertTrue(ping.awaitConnected(30, TimeUnit.SECONDS), "ping and pong connect both ways");

        final LoadResult result = ping.run(1_000, TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(1),
            null, null);

        assertEquals(1_500, result.sent(), "500 warm-up and 1,000 measured pings at 1,000/s");
        assertEquals(1_500, result.answered());
        assertEquals(0, result.notOk(), "every echo is the ping it answers, once");
        assertTrue(result.allAnswered());
        assertEquals(1_000, result.histogram().getTotalCount(), "only the measured pings are in the histogram");
        assertTrue(result.histogram().getMinValue() > 0);
        assertTrue(result.histogram().getMaxValue() < TimeUnit.SECONDS.toNanos(10), result.histogram().getMaxValue() +
            " ns");

        final LoadResult again = ping.run(2_000, 0, TimeUnit.MILLISECONDS.toNanos(500), null, null);
        assertEquals(1_000, again.histogram().getTotalCount(), "a second run on the same connection starts clean");
        assertTrue(again.allAnswered());
    }
}
