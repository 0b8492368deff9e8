package io.hedge.journal;

/**
 * Rebuilds a journal's {@link EpochHistory} by reading it from its first record: what a role does at start, and after
 * cutting its journal, before it keeps the history in step with each append.
 */
public final class JournalEpochs
{
    private JournalEpochs()
    {
    }

    /**
     * Replace {@code history} with the epochs of every record of {@code journal}, in order. Reads only each record's
     * header fields; allocation-free per record.
     *
     * @throws JournalCorruptException at a record that cannot be read.
     */
    public static void scan(final SequencedJournal journal, final EpochHistory history)
    {
        history.clear();
        try (JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
                history.onEntry(SequencedRecords.epoch(buffer, offset), SequencedRecords.seq(buffer, offset))))
            {
                // every record is taken in by the handler
            }
        }
    }
}
