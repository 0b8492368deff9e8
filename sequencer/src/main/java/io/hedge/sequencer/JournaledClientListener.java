package io.hedge.sequencer;

/**
 * Told which principal each client's requests in the gateway journal came from, so that per-client tables kept beside
 * the duplicate table (which principal a client id belongs to) are rebuilt from the journal like it: on open, after a
 * truncation, and for each record another gateway sequenced that this one appends (following, or filling at takeover).
 * A request this gateway's own {@link Sequencer} sequences is not reported: its session is established already.
 */
@FunctionalInterface
public interface JournaledClientListener
{
    /** Keeps no table. */
    JournaledClientListener NONE = (clientId, principalId) -> {};

    /**
     * The journal is being rebuilt from its start (open, or reopen after a truncation): forget what was reported
     * before; every record still in the journal is reported again, in seq order.
     */
    default void onRebuild()
    {
    }

    /**
     * A request of this client, sequenced with this principal, is in the journal. Term markers (client id 0) are not
     * reported.
     *
     * @param clientId    positive.
     * @param principalId the record's principal (0: anonymous, or a record journaled before principals were sequenced).
     */
    void onJournaledRequest(long clientId, int principalId);
}
