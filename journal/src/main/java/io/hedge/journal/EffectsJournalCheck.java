package io.hedge.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The check an {@link EffectsJournal} makes of every excerpt when it opens: each one whole (its checksum), a begin
 * mark first, seqs strictly increasing after it. Reads the journal once, front to back; allocates only to grow its
 * copy buffer.
 */
final class EffectsJournalCheck
{
    private EffectsJournalCheck()
    {
    }

    /**
     * @return what is wrong with the first excerpt that is not whole (checksum, length, or a seq out of order), or null
     * when every excerpt is.
     */
    static String firstProblem(final ChronicleQueue queue, final long beginMark)
    {
        final RecordChecksum checksum = new RecordChecksum();
        byte[] copy = new byte[256];
        long previous = Long.MIN_VALUE;
        try (ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return null;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long remaining = bytes.readRemaining();
                    if (remaining < Long.BYTES + RecordChecksum.LENGTH || remaining > Integer.MAX_VALUE - 16)
                    {
                        return "excerpt at index " + dc.index() + " of " + remaining + " bytes";
                    }
                    if (copy.length < remaining)
                    {
                        copy = new byte[(int)remaining];
                    }
                    bytes.read(copy, 0, (int)remaining);
                    final String problem = checksum.problem(copy, (int)remaining);
                    if (null != problem)
                    {
                        return "excerpt at index " + dc.index() + ": " + problem;
                    }
                    final long seq = seqOf(copy);
                    if (Long.MIN_VALUE == previous ? beginMark != seq : seq <= previous)
                    {
                        return "excerpt at index " + dc.index() + ": seq " + seq + " after " +
                            (Long.MIN_VALUE == previous ? "nothing (not a begin mark)" : "seq " + previous);
                    }
                    previous = beginMark == seq ? seqOf(copy, Long.BYTES) : seq;
                }
            }
        }
    }

    private static long seqOf(final byte[] copy)
    {
        return seqOf(copy, 0);
    }

    private static long seqOf(final byte[] copy, final int offset)
    {
        long value = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--)
        {
            value = (value << 8) | (copy[offset + i] & 0xFF);
        }
        return value;
    }

}
