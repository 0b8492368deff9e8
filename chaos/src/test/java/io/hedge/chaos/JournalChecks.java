package io.hedge.chaos;

import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.JournalReader;
import io.hedge.journal.SequencedJournal;
import io.hedge.replicas.StateMachine;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a fabric test asks of a site's journal once the run is over: every request exactly once.
 */
final class JournalChecks
{
    private JournalChecks()
    {
    }

    /**
     * The journal's seqs are contiguous from 1 and it holds {@code count} client requests, each (client id,
     * correlation id) once, besides the terms' own first entries.
     */
    static void assertEachRequestOnce(final Path journalDir, final int count)
    {
        check(journalDir, false, 0, count);
    }

    /**
     * As {@link #assertEachRequestOnce(Path, int)}, and every request is the one client's.
     */
    static void assertEachRequestOnce(final Path journalDir, final long clientId, final int count)
    {
        check(journalDir, true, clientId, count);
    }

    private static void check(final Path journalDir, final boolean oneClient, final long clientId, final int count)
    {
        final Set<String> requests = new HashSet<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        final long[] expectedSeq = {1};
        try (SequencedJournal journal = SequencedJournal.open(journalDir); JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                assertEquals(expectedSeq[0]++, decoder.seq(), "seqs are contiguous in " + journalDir);
                if (StateMachine.TERM_START_CLIENT_ID != decoder.clientId())
                {
                    if (oneClient)
                    {
                        assertEquals(clientId, decoder.clientId(), "the client of seq " + decoder.seq());
                    }
                    assertTrue(requests.add(decoder.clientId() + "/" + decoder.correlationId()),
                        "request " + decoder.clientId() + "/" + decoder.correlationId() + " twice in " + journalDir);
                }
            }))
            {
                // each record is checked by the handler
            }
        }
        assertEquals(count, requests.size(), "requests journaled in " + journalDir);
    }
}
