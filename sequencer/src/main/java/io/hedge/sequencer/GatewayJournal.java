package io.hedge.sequencer;

import io.hedge.codecs.SequencedPrincipal;
import io.hedge.codecs.fabric.MessageHeaderDecoder;
import io.hedge.codecs.fabric.SequencedDecoder;
import io.hedge.journal.EpochHistory;
import io.hedge.journal.JournalReader;
import io.hedge.journal.JournalStartupCheck;
import io.hedge.journal.JournalTruncation;
import io.hedge.journal.SequencedJournal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * A gateway's journal with what is derived from it: the duplicate table and the epoch history, rebuilt from the
 * journal when it is opened and kept in step with every entry appended. A standby appends what it follows, a
 * candidate what it fills from a voter; a tail the new leader never adopted is cut off (the old journal kept aside).
 * An active gateway's {@link Sequencer} appends through {@link #journal()} and reports each seq to
 * {@link #onSequenced(long, long)}.
 */
public final class GatewayJournal implements AutoCloseable
{
    private final Path directory;
    private final int duplicateWindow;
    private final int duplicateMaxWindows;
    private final int duplicateMaxClients;
    private final EpochHistory history = new EpochHistory();
    private final UnsafeBuffer appendBuffer = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder appendHeader = new MessageHeaderDecoder();
    private final SequencedDecoder appendDecoder = new SequencedDecoder();
    private final JournaledClientListener clients;
    private SequencedJournal journal;
    private DuplicateTable duplicates;

    private GatewayJournal(
        final Path directory,
        final int duplicateWindow,
        final int duplicateMaxWindows,
        final int duplicateMaxClients,
        final JournaledClientListener clients)
    {
        this.directory = directory;
        this.clients = clients;
        this.duplicateWindow = duplicateWindow;
        this.duplicateMaxWindows = duplicateMaxWindows;
        this.duplicateMaxClients = duplicateMaxClients;
        rebuild();
    }

    /**
     * Check the journal (a corrupt one is refused, naming its file and position), open it and rebuild its tables.
     *
     * @param directory       of the journal; made when missing.
     * @param duplicateWindow correlation ids remembered per client; a power of two.
     * @param owner           for messages, e.g. "gateway 2".
     * @return the open journal.
     */
    public static GatewayJournal open(final Path directory, final int duplicateWindow, final String owner)
    {
        return open(directory, duplicateWindow, Integer.MAX_VALUE, Integer.MAX_VALUE, owner);
    }

    /**
     * As {@link #open(Path, int, String)}, with the duplicate table's caps (see {@link DuplicateTable}).
     */
    public static GatewayJournal open(
        final Path directory,
        final int duplicateWindow,
        final int duplicateMaxWindows,
        final int duplicateMaxClients,
        final String owner)
    {
        return open(directory, duplicateWindow, duplicateMaxWindows, duplicateMaxClients, JournaledClientListener.NONE,
            owner);
    }

    /**
     * As {@link #open(Path, int, int, int, String)}, telling {@code clients} each journaled request's client and
     * principal: while the tables are rebuilt here, after each truncation, and on each {@link #append}.
     */
    public static GatewayJournal open(
        final Path directory,
        final int duplicateWindow,
        final int duplicateMaxWindows,
        final int duplicateMaxClients,
        final JournaledClientListener clients,
        final String owner)
    {
        JournalStartupCheck.check(directory, owner);
        return new GatewayJournal(directory, duplicateWindow, duplicateMaxWindows, duplicateMaxClients, clients);
    }

    private void rebuild()
    {
        journal = SequencedJournal.open(directory);
        duplicates = new DuplicateTable(duplicateWindow, duplicateMaxWindows, duplicateMaxClients);
        history.clear();
        clients.onRebuild();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final SequencedDecoder decoder = new SequencedDecoder();
        try (JournalReader reader = journal.reader())
        {
            while (reader.readNext((buffer, offset, length) ->
            {
                decoder.wrapAndApplyHeader(buffer, offset, header);
                restoreClient(decoder.clientId(), SequencedPrincipal.of(decoder, header.blockLength()),
                    decoder.correlationId(), decoder.seq());
                history.onEntry(decoder.epoch(), decoder.seq());
            }))
            {
                // every record is taken in by the handler
            }
        }
    }

    /**
     * Append an encoded Sequenced message another gateway or a replica sequenced; the caller has checked that
     * {@code seq} is the next one.
     */
    public void append(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long epoch,
        final long seq,
        final long clientId,
        final long correlationId)
    {
        appendBuffer.wrap(buffer, offset, length);
        journal.append(appendBuffer, 0, length);
        // the journal accepted the record, so its header and block are whole
        appendDecoder.wrapAndApplyHeader(buffer, offset, appendHeader);
        restoreClient(clientId, SequencedPrincipal.of(appendDecoder, appendHeader.blockLength()), correlationId, seq);
        history.onEntry(epoch, seq);
    }

    /**
     * A client's entry learned from a journaled record rather than from its live session: the duplicate table's, and
     * whatever {@link JournaledClientListener} keeps beside it (which principal the client id belongs to).
     */
    private void restoreClient(final long clientId, final int principalId, final long correlationId, final long seq)
    {
        duplicates.record(clientId, correlationId, seq);
        if (clientId != 0)
        {
            clients.onJournaledRequest(clientId, principalId);
        }
    }

    /**
     * A seq this gateway's own sequencer journaled (and recorded as a duplicate) in this epoch.
     */
    public void onSequenced(final long epoch, final long seq)
    {
        history.onEntry(epoch, seq);
    }

    /**
     * Keep seqs up to {@code validSeq}, set the rest aside, and reopen. Nothing may hold the journal's readers.
     *
     * @param tag names the set-aside copy, e.g. the epoch that did not adopt the tail.
     * @return where the old journal was kept, or null when there was nothing to cut.
     */
    public Path truncateTo(final long validSeq, final String tag)
    {
        if (validSeq >= journal.lastSeq())
        {
            return null;
        }
        journal.close();
        final Path aside = JournalTruncation.keepUpTo(directory, validSeq, tag);
        rebuild();
        return aside;
    }

    /**
     * @return the journal itself, for a sequencer and for readers; a new one after {@link #truncateTo}.
     */
    public SequencedJournal journal()
    {
        return journal;
    }

    /**
     * @return the duplicate table; a new one after {@link #truncateTo}.
     */
    public DuplicateTable duplicates()
    {
        return duplicates;
    }

    public EpochHistory history()
    {
        return history;
    }

    public long lastSeq()
    {
        return journal.lastSeq();
    }

    public long firstSeq()
    {
        return journal.firstSeq();
    }

    /**
     * @return the epoch of the last entry, 0 when empty.
     */
    public long lastEpoch()
    {
        return history.lastEpoch();
    }

    public Path directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        journal.close();
    }
}
