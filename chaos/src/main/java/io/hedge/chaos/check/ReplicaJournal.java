package io.hedge.chaos.check;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.journal.SequencedJournal;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica's final journal, read whole. A replica bootstrapped from a peer's snapshot has a journal that starts after
 * seq 1 ({@link #firstSeq()}); it holds nothing before.
 *
 * @param name    of the replica ("replica-A").
 * @param entries in journal order.
 */
public record ReplicaJournal(String name, List<JournalEntry> entries)
{
    /**
     * Read a journal directory.
     */
    public static ReplicaJournal load(final String name, final Path dir)
    {
        final List<JournalEntry> entries = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        try (SequencedJournal journal = SequencedJournal.open(dir); JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                entries.add(entry(copy, header, decoder));
            }))
            {
                // each record is copied by the handler
            }
        }
        return new ReplicaJournal(name, List.copyOf(entries));
    }

    /**
     * Decode one encoded {@code Sequenced} message (header included).
     */
    public static JournalEntry entry(final byte[] record)
    {
        return entry(record, new MessageHeaderDecoder(), new SequencedDecoder());
    }

    private static JournalEntry entry(final byte[] record, final MessageHeaderDecoder header, final SequencedDecoder decoder)
    {
        decoder.wrapAndApplyHeader(new UnsafeBuffer(record), 0, header);
        final long seq = decoder.seq();
        final long epoch = decoder.epoch();
        final long timestampNs = decoder.timestampNs();
        final long clientId = decoder.clientId();
        final long correlationId = decoder.correlationId();
        final int payloadLength = decoder.payloadLength();
        final int payloadOffset = decoder.limit() + Integer.BYTES;
        return new JournalEntry(seq, epoch, timestampNs, clientId, correlationId, record, payloadOffset, payloadLength);
    }

    /**
     * @return the seq of the first record, 0 if empty.
     */
    public long firstSeq()
    {
        return entries.isEmpty() ? 0 : entries.get(0).seq();
    }

    /**
     * @return the seq of the last record, 0 if empty.
     */
    public long lastSeq()
    {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
    }

    /**
     * @return the record at this seq, or null if the journal does not hold it (assumes contiguous seqs, checked by
     * {@link ConvergenceChecker}).
     */
    public JournalEntry at(final long seq)
    {
        final long index = seq - firstSeq();
        if (entries.isEmpty() || index < 0 || index >= entries.size())
        {
            return null;
        }
        final JournalEntry entry = entries.get((int)index);
        return entry.seq() == seq ? entry : null;
    }
}
