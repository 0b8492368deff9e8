package io.hedge.chaos.workload;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends a client's history to a text file, one line per event, flushed at once, so that a client killed with
 * SIGKILL loses at most the line it was writing (which {@link HistoryReader} then drops). A restarted client cuts
 * that half line off and appends to the same file after a new START line.
 *
 * <p>Each line is {@code TYPE key=value ...}: {@code mono}, {@code wall}, {@code client}, {@code corr}, then the
 * operation's fields for a SUBMIT, or {@code status seq replica reply} for an answer. Values hold no spaces.
 */
public final class HistoryWriter implements AutoCloseable
{
    private final BufferedWriter out;
    private final long clientId;

    /**
     * @param file     the history, created or appended to.
     * @param clientId written on every line, so that histories can be merged.
     */
    public HistoryWriter(final Path file, final long clientId)
    {
        this.clientId = clientId;
        try
        {
            final Path parent = file.toAbsolutePath().getParent();
            if (null != parent)
            {
                Files.createDirectories(parent);
            }
            dropHalfLine(file);
            out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open history " + file, ex);
        }
    }

    /**
     * A client killed while writing left a half line; a restarted one cuts it off before it appends.
     */
    private static void dropHalfLine(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return;
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
            StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            long end = channel.size();
            final java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (end > 0)
            {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n')
                {
                    break;
                }
                end--;
            }
            if (end < channel.size())
            {
                channel.truncate(end);
            }
        }
    }

    /**
     * A session starts: what the client runs with, for the record.
     */
    public void start(final long monoNs, final long wallMs, final String settings)
    {
        line(HistoryEvent.Type.START, monoNs, wallMs, 0, "settings=" + settings.replace(' ', ','));
    }

    public void submit(final long monoNs, final long wallMs, final long correlationId, final Operation operation)
    {
        line(HistoryEvent.Type.SUBMIT, monoNs, wallMs, correlationId, operation.toFields());
    }

    public void answer(
        final long monoNs, final long wallMs, final long correlationId, final String status, final long seq,
        final int replicaId, final String reply)
    {
        line(HistoryEvent.Type.ANSWER, monoNs, wallMs, correlationId, outcome(status, seq, replicaId, reply));
    }

    public void reject(final long monoNs, final long wallMs, final long correlationId, final String reason)
    {
        line(HistoryEvent.Type.REJECT, monoNs, wallMs, correlationId, outcome(reason, 0, 0, ""));
    }

    public void unknown(final long monoNs, final long wallMs, final long correlationId)
    {
        line(HistoryEvent.Type.UNKNOWN, monoNs, wallMs, correlationId, "");
    }

    public void outcome(
        final long monoNs, final long wallMs, final long correlationId, final String status, final long seq,
        final int replicaId, final String reply)
    {
        line(HistoryEvent.Type.OUTCOME, monoNs, wallMs, correlationId, outcome(status, seq, replicaId, reply));
    }

    public void outcomeTimeout(final long monoNs, final long wallMs, final long correlationId)
    {
        line(HistoryEvent.Type.OUTCOME_TIMEOUT, monoNs, wallMs, correlationId, "");
    }

    /**
     * The session ends in order.
     *
     * @param summary counts, for the record.
     */
    public void end(final long monoNs, final long wallMs, final String summary)
    {
        line(HistoryEvent.Type.END, monoNs, wallMs, 0, "summary=" + summary.replace(' ', ','));
    }

    private static String outcome(final String status, final long seq, final int replicaId, final String reply)
    {
        return "status=" + status + " seq=" + seq + " replica=" + replicaId + " reply=" + (reply.isEmpty() ? "-" : reply);
    }

    private void line(
        final HistoryEvent.Type type, final long monoNs, final long wallMs, final long correlationId, final String rest)
    {
        try
        {
            out.write(type.name() + " mono=" + monoNs + " wall=" + wallMs + " client=" + clientId + " corr=" +
                correlationId + (rest.isEmpty() ? "" : " " + rest) + "\n");
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the history of client " + clientId, ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            out.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
