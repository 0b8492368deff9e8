package io.hedge.chaos.nemesis;

import io.aeron.driver.DataPacketDispatcher;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ReceiveChannelEndpointSupplier;
import io.aeron.driver.ext.DebugReceiveChannelEndpoint;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.media.UdpChannel;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.file.Path;

/**
 * The fault-injection hook for loss on a role's receive path. A media driver takes its receive endpoints from the
 * class named by the system property {@code aeron.ReceiveChannelEndpoint.supplier}; naming this class there (see
 * {@link FaultHooks#jvmArgs}) makes every receive endpoint of the role's embedded driver one of Aeron's
 * {@link DebugReceiveChannelEndpoint}s, dropping inbound data, setup and RTT frames at the rate in the file named by
 * {@value FaultHooks#LOSS_FILE_PROPERTY}. The receiver's own outbound control (status messages, NAKs) is never
 * dropped: the fault is loss on the way in.
 */
public final class SwitchedLossReceiveEndpointSupplier implements ReceiveChannelEndpointSupplier
{
    private final Path rateFile;
    private final long seed;

    /**
     * The no-argument constructor Aeron calls: the rate file and seed come from system properties.
     */
    public SwitchedLossReceiveEndpointSupplier()
    {
        this(Path.of(required(FaultHooks.LOSS_FILE_PROPERTY)), Long.getLong(FaultHooks.LOSS_SEED_PROPERTY, 0x5eedL));
    }

    public SwitchedLossReceiveEndpointSupplier(final Path rateFile, final long seed)
    {
        this.rateFile = rateFile;
        this.seed = seed;
    }

    @Override
    public ReceiveChannelEndpoint newInstance(
        final UdpChannel udpChannel,
        final DataPacketDispatcher dispatcher,
        final AtomicCounter statusIndicator,
        final MediaDriver.Context context)
    {
        return new DebugReceiveChannelEndpoint(udpChannel, dispatcher, statusIndicator, context,
            new SwitchedLossGenerator(rateFile, seed), (address, buffer, length) -> false);
    }

    private static String required(final String property)
    {
        final String value = System.getProperty(property);
        if (null == value || value.isBlank())
        {
            throw new IllegalStateException(SwitchedLossReceiveEndpointSupplier.class.getSimpleName() +
                " needs the system property " + property + " (the file holding the loss rate)");
        }
        return value;
    }
}
