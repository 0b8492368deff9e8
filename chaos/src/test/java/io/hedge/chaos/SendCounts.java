package io.hedge.chaos;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.media.SendChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import org.agrona.concurrent.status.AtomicCounter;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a media driver's sender put on the wire, per channel: datagrams, bytes and the addresses it sent them to, one
 * count per destination. Aeron's own "Bytes sent" counter counts a multi-destination-cast datagram once however many
 * destinations it went to, so it cannot tell one copy per message from one per subscriber; the send hook the driver
 * calls before each datagram it sends to each destination can. Installed with {@link #install(MediaDriver.Context)}.
 */
final class SendCounts
{
    /** One channel's counts. */
    static final class Channel
    {
        final AtomicLong datagrams = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final Set<String> destinations = ConcurrentHashMap.newKeySet();
    }

    private final Map<String, Channel> byChannel = new ConcurrentHashMap<>();

    /**
     * Make the driver's send channel endpoints count into this.
     *
     * @return the context.
     */
    MediaDriver.Context install(final MediaDriver.Context ctx)
    {
        return ctx.sendChannelEndpointSupplier(Endpoint::new);
    }

    /**
     * @param channel the channel exactly as the publication was added with.
     * @return its counts, zero if nothing was sent on it yet.
     */
    Channel channel(final String channel)
    {
        return byChannel.computeIfAbsent(channel, c -> new Channel());
    }

    /** The driver's send endpoint with a send hook that counts: a test tool, so a map look-up per datagram is fine. */
    private final class Endpoint extends SendChannelEndpoint
    {
        private final Channel counts;

        Endpoint(final UdpChannel udpChannel, final AtomicCounter statusIndicator, final MediaDriver.Context context)
        {
            super(udpChannel, statusIndicator, context);
            counts = channel(udpChannel.originalUriString());
        }

        @Override
        public void sendHook(final ByteBuffer buffer, final InetSocketAddress address)
        {
            counts.datagrams.incrementAndGet();
            counts.bytes.addAndGet(buffer.remaining());
            counts.destinations.add(String.valueOf(address));
        }
    }
}
