package io.hedge.client;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An embedded media driver (SHARED threading, its own directory under target/) and fake gateways on free UDP ports
 * of localhost, polled by a thread of their own. Closing removes everything, also after a failed test.
 */
final class FakeFabric implements AutoCloseable
{
    final Path dir;
    final MediaDriver driver;
    final Aeron aeron;
    final FakeGateway[] gateways;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    FakeFabric(final String name, final int gatewayCount)
    {
        dir = Path.of(System.getProperty("hedge.test.dir", "target/test-work"), name + "-" + System.nanoTime());
        MediaDriver startedDriver = null;
        Aeron startedAeron = null;
        final FakeGateway[] started = new FakeGateway[gatewayCount];
        try
        {
            Files.createDirectories(dir);
            startedDriver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("aeron").toAbsolutePath().toString())
                .threadingMode(ThreadingMode.SHARED)
                .termBufferSparseFile(true)
                .publicationTermBufferLength(64 * 1024)
                .ipcTermBufferLength(64 * 1024)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            startedAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(startedDriver.aeronDirectoryName()));
            for (int i = 0; i < gatewayCount; i++)
            {
                started[i] = new FakeGateway(startedAeron, i + 1, freeUdpPort());
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(started);
            CloseHelper.quietCloseAll(startedAeron, startedDriver);
            IoUtil.delete(dir.toFile(), true);
            throw ex instanceof IOException ? new UncheckedIOException((IOException)ex) : (RuntimeException)ex;
        }
        driver = startedDriver;
        aeron = startedAeron;
        gateways = started;
        thread = new Thread(this::run, "fake-gateways");
        thread.setDaemon(true);
        thread.start();
    }

    private void run()
    {
        try
        {
            while (running)
            {
                int work = 0;
                for (final FakeGateway gateway : gateways)
                {
                    work += gateway.poll();
                }
                if (work == 0)
                {
                    Thread.onSpinWait();
                    Thread.yield();
                }
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    FakeGateway gateway(final int gatewayId)
    {
        return gateways[gatewayId - 1];
    }

    /**
     * @return a client context for these gateways, in gateway id order, on this media driver.
     */
    HedgeClientContext clientContext()
    {
        final List<String> channels = new ArrayList<>();
        for (final FakeGateway gateway : gateways)
        {
            channels.add(gateway.ingressChannel);
        }
        return new HedgeClientContext()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .gatewayIngressChannels(channels)
            .responseChannel("aeron:udp?endpoint=localhost:0")
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(5));
    }

    void checkGatewaysHealthy()
    {
        if (null != failure)
        {
            throw new AssertionError("a fake gateway failed", failure);
        }
    }

    /**
     * Poll the session (when given) until the condition holds.
     */
    void await(final HedgeSession session, final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            checkGatewaysHealthy();
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting until " + what);
            }
            if (null == session || session.poll() == 0)
            {
                Thread.yield();
            }
        }
    }

    /**
     * Poll the session for this long, whatever happens.
     */
    void pollFor(final HedgeSession session, final long millis)
    {
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - endNs < 0)
        {
            checkGatewaysHealthy();
            if (null == session || session.poll() == 0)
            {
                Thread.yield();
            }
        }
    }

    static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("localhost"), 0)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            CloseHelper.quietCloseAll(gateways);
            CloseHelper.quietCloseAll(aeron, driver);
            IoUtil.delete(dir.toFile(), true);
        }
    }
}
