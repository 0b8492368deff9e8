package io.hedge.chaos.forge;

import io.aeron.CncFileDescriptor;
import io.aeron.driver.status.ReceiveChannelStatus;
import io.aeron.status.ChannelEndpointStatus;
import io.aeron.status.LocalSocketAddressStatus;
import io.hedge.transport.SecurityCounters;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One role's media driver, read from outside as AeronStat reads it: its CnC file mapped, its counters read. Gives the
 * role's {@link SecurityCounters} and the addresses its receive channels are bound to (a subscription with an
 * ephemeral endpoint, such as a replica's to a gateway's sequenced stream, is found only there; an outsider would find
 * it with a port scan).
 */
public final class RoleCounters implements AutoCloseable
{
    /** A channel the driver receives on, and the address its socket is bound to. */
    public record ReceiveSocket(String channel, String address)
    {
    }

    /**
     * A driver whose conductor has not marked its command buffer for this long is taken for dead. It marks it once
     * per timer interval (1 s by default); the slack covers a loaded machine. Without this check the counters of a
     * killed role's driver, frozen in its CnC file until the restarted role's driver replaces it, read as those of a
     * live role that refused nothing (seen in `hedge chaos --seed 1302`: replica-B, restarting after a kill, "reached"
     * by a forge phase that it could not hear).
     */
    public static final long DRIVER_LIVE_MS = 3_000;

    private final MappedByteBuffer cnc;
    private final CountersReader reader;

    private RoleCounters(final MappedByteBuffer cnc, final CountersReader reader)
    {
        this.cnc = cnc;
        this.reader = reader;
    }

    /**
     * @param aeronDir the role's Aeron directory.
     * @return its counters, or null if the driver is not there (not started, stopped, killed and cleaned up) or
     * not alive (killed, paused, or not yet replaced by a restarted role's driver): see {@link #DRIVER_LIVE_MS}.
     */
    public static RoleCounters open(final Path aeronDir)
    {
        return open(aeronDir, System.currentTimeMillis());
    }

    static RoleCounters open(final Path aeronDir, final long nowMs)
    {
        final Path file = aeronDir.resolve(CncFileDescriptor.CNC_FILE);
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        final MappedByteBuffer cnc;
        try
        {
            cnc = IoUtil.mapExistingFile(file.toFile(), CncFileDescriptor.CNC_FILE);
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
        try
        {
            final UnsafeBuffer meta = CncFileDescriptor.createMetaDataBuffer(cnc);
            final int version = meta.getIntVolatile(CncFileDescriptor.cncVersionOffset(0));
            if (0 == version)
            {
                IoUtil.unmap(cnc);
                return null;
            }
            CncFileDescriptor.checkVersion(version);
            final long heartbeatMs =
                new ManyToOneRingBuffer(CncFileDescriptor.createToDriverBuffer(cnc, meta)).consumerHeartbeatTime();
            if (nowMs - heartbeatMs > DRIVER_LIVE_MS)
            {
                IoUtil.unmap(cnc);
                return null;
            }
            return new RoleCounters(cnc, new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(cnc, meta),
                CncFileDescriptor.createCountersValuesBuffer(cnc, meta)));
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(cnc);
            return null;
        }
    }

    /**
     * @return the sum of the role's security counters of this type (each role has its own driver, so every such
     * counter in it is the role's).
     */
    public long security(final int typeId)
    {
        return SecurityCounters.read(reader, typeId, null);
    }

    /**
     * @return the sum of the role's security counters of these types.
     */
    public long security(final int[] typeIds)
    {
        long sum = 0;
        for (final int typeId : typeIds)
        {
            sum += security(typeId);
        }
        return sum;
    }

    /**
     * @return every active receive channel whose URI contains {@code contains}, with the address it is bound to.
     */
    public List<ReceiveSocket> receiveSockets(final String contains)
    {
        final List<ReceiveSocket> sockets = new ArrayList<>();
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (ReceiveChannelStatus.RECEIVE_CHANNEL_STATUS_TYPE_ID == typeId && label.contains(contains))
            {
                final long status = reader.getCounterValue(counterId);
                if (ChannelEndpointStatus.ACTIVE != status)
                {
                    return;
                }
                for (final String address : LocalSocketAddressStatus.findAddresses(reader, status, counterId))
                {
                    sockets.add(new ReceiveSocket(label, address));
                }
            }
        });
        return sockets;
    }

    /**
     * @return the directory of the role's driver as {@code hedge} lays it out: {@code <aeron root>/<role dir>/aeron}.
     */
    public static Path aeronDirOf(final Path aeronRoot, final String roleDirName)
    {
        return aeronRoot.resolve(roleDirName).resolve("aeron");
    }

    @Override
    public void close()
    {
        IoUtil.unmap(cnc);
    }
}
