package io.hedge.fix;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The ClOrdID to correlation id map, persistent: an append-only file of checksummed records, each forced to disk
 * before it counts, read back whole at start. A small file and fsync rather than Chronicle Map or Queue because the
 * one guarantee needed is "on disk before the request can execute" and "on disk before the FIX message is
 * acknowledged", which one {@code force} per record gives plainly (Chronicle Queue does not sync each append); the
 * volume is one or two records per order. A record torn by a crash fails its checksum and is cut off, with what
 * follows it.
 * <p>
 * Records: SENT (a ClOrdID became the request with this correlation id; written again with a new id when a request
 * the gateway never ran is resubmitted) and REPORT (the request's state after an answer: Hedge order id, quantities,
 * the last ExecutionReport). Not thread-safe: the front door's agent thread owns it.
 */
final class ClOrdIdStore implements AutoCloseable
{
    static final String FILE_NAME = "clordids.log";
    private static final byte SENT = 1;
    private static final byte REPORT = 2;

    private final Path file;
    private final FileChannel channel;
    private final Map<String, FixOrder> byClOrdId = new HashMap<>();
    private final Map<String, FixOrder> byCorrelationId = new HashMap<>();
    private final Map<String, FixOrder> byHedgeClientOrderId = new HashMap<>();
    private final CRC32 crc = new CRC32();
    private long records;

    ClOrdIdStore(final Path dir)
    {
        file = dir.resolve(FILE_NAME);
        try
        {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final long goodLength = load();
            if (goodLength < channel.size())
            {
                channel.truncate(goodLength); // a record torn by a crash: it never counted
                channel.force(true);
            }
            channel.position(goodLength);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the ClOrdID store " + file + ": " + ex.getMessage(), ex);
        }
    }

    private long load() throws IOException
    {
        final ByteBuffer all = ByteBuffer.allocate((int)channel.size());
        while (all.hasRemaining() && channel.read(all, all.position()) > 0)
        {
            // read until full
        }
        all.flip();
        long good = 0;
        while (all.remaining() >= 8)
        {
            final int length = all.getInt();
            final int checksum = all.getInt();
            if (length <= 0 || length > all.remaining())
            {
                break;
            }
            final byte[] body = new byte[length];
            all.get(body);
            crc.reset();
            crc.update(body);
            if ((int)crc.getValue() != checksum)
            {
                break;
            }
            apply(body);
            good = all.position();
            records++;
        }
        return good;
    }

    private void apply(final byte[] body) throws IOException
    {
        final DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
        final byte type = in.readByte();
        final long clientId = in.readLong();
        final String clOrdId = in.readUTF();
        if (SENT == type)
        {
            final long correlationId = in.readLong();
            final long hedgeClientOrderId = in.readLong();
            final byte kind = in.readByte();
            final String origClOrdId = in.readUTF();
            final byte[] payload = new byte[in.readUnsignedShort()];
            in.readFully(payload);
            indexSent(clientId, clOrdId, origClOrdId, kind, correlationId, hedgeClientOrderId, payload);
        }
        else if (REPORT == type)
        {
            final FixOrder order = byClOrdId.get(key(clientId, clOrdId));
            final long orderId = in.readLong();
            final long cumQty = in.readLong();
            final long notional = in.readLong();
            final boolean answered = in.readBoolean();
            final long lastMakerTradeId = in.readLong();
            final String report = in.readBoolean() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : null;
            if (null != order)
            {
                order.orderId = orderId;
                order.cumQty = cumQty;
                order.notionalTicks = notional;
                order.answered = answered;
                order.lastMakerTradeId = lastMakerTradeId;
                order.lastReport = report;
            }
        }
    }

    private FixOrder indexSent(
        final long clientId,
        final String clOrdId,
        final String origClOrdId,
        final byte kind,
        final long correlationId,
        final long hedgeClientOrderId,
        final byte[] payload)
    {
        final String key = key(clientId, clOrdId);
        FixOrder order = byClOrdId.get(key);
        if (null == order)
        {
            order = new FixOrder(clientId, clOrdId, origClOrdId, kind, correlationId, hedgeClientOrderId, payload);
            byClOrdId.put(key, order);
            if (order.isNewOrder())
            {
                byHedgeClientOrderId.put(key(clientId, hedgeClientOrderId), order);
            }
        }
        order.correlationId = correlationId; // resubmitted under a new id: the latest one is the request's
        byCorrelationId.put(key(clientId, correlationId), order);
        return order;
    }

    /**
     * Record, durably, that a ClOrdID is sent as the request with this correlation id. Returns once it is on disk.
     */
    FixOrder recordSent(
        final long clientId,
        final String clOrdId,
        final String origClOrdId,
        final byte kind,
        final long correlationId,
        final long hedgeClientOrderId,
        final byte[] payload)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeByte(SENT);
            out.writeLong(clientId);
            out.writeUTF(clOrdId);
            out.writeLong(correlationId);
            out.writeLong(hedgeClientOrderId);
            out.writeByte(kind);
            out.writeUTF(null == origClOrdId ? "" : origClOrdId);
            out.writeShort(payload.length);
            out.write(payload);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        append(bytes.toByteArray());
        return indexSent(clientId, clOrdId, origClOrdId, kind, correlationId, hedgeClientOrderId, payload);
    }

    /**
     * Record, durably, the order's state as it is now.
     */
    void recordReport(final FixOrder order)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeByte(REPORT);
            out.writeLong(order.clientId);
            out.writeUTF(order.clOrdId);
            out.writeLong(order.orderId);
            out.writeLong(order.cumQty);
            out.writeLong(order.notionalTicks);
            out.writeBoolean(order.answered);
            out.writeLong(order.lastMakerTradeId);
            out.writeBoolean(null != order.lastReport);
            if (null != order.lastReport)
            {
                out.write(order.lastReport.getBytes(StandardCharsets.UTF_8));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        append(bytes.toByteArray());
    }

    private void append(final byte[] body)
    {
        crc.reset();
        crc.update(body);
        final ByteBuffer record = ByteBuffer.allocate(8 + body.length);
        record.putInt(body.length).putInt((int)crc.getValue()).put(body).flip();
        try
        {
            while (record.hasRemaining())
            {
                channel.write(record);
            }
            channel.force(false);
            records++;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the ClOrdID store " + file + ": " + ex.getMessage(), ex);
        }
    }

    FixOrder find(final long clientId, final String clOrdId)
    {
        return byClOrdId.get(key(clientId, clOrdId));
    }

    FixOrder byCorrelationId(final long clientId, final long correlationId)
    {
        final FixOrder order = byCorrelationId.get(key(clientId, correlationId));
        return null != order && order.correlationId == correlationId ? order : null;
    }

    FixOrder byHedgeClientOrderId(final long clientId, final long hedgeClientOrderId)
    {
        return byHedgeClientOrderId.get(key(clientId, hedgeClientOrderId));
    }

    /**
     * @return the requests of a client whose outcome the front door does not know, in correlation id order.
     */
    List<FixOrder> unanswered(final long clientId)
    {
        final List<FixOrder> list = new ArrayList<>();
        for (final FixOrder order : byClOrdId.values())
        {
            if (order.clientId == clientId && !order.answered)
            {
                list.add(order);
            }
        }
        list.sort(Comparator.comparingLong(o -> o.correlationId));
        return list;
    }

    long records()
    {
        return records;
    }

    private static String key(final long clientId, final String clOrdId)
    {
        return clientId + "\u0001" + clOrdId;
    }

    private static String key(final long clientId, final long id)
    {
        return clientId + "\u0002" + id;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
