package io.hedge.replicas;

import io.aeron.Aeron;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What a replica counts, written on its agent thread and read from any ({@link ReplicaAgent#counters()}).
 * The agent's state is published apart, in an Aeron counter of type {@link #REPLICA_STATE_TYPE_ID}.
 */
public final class ReplicaCounters
{
    /** Type id of the counter holding a replica's {@link io.hedge.codecs.fabric.ReplicaState} code. */
    static final int REPLICA_STATE_TYPE_ID = 3100;

    private final ReplicaHops hops = new ReplicaHops();
    private volatile long staleEpochMessages;
    private volatile long duplicatesIgnored;
    private volatile long gapsDetected;
    private volatile long gapsRepaired;
    private volatile long unreadableMessages;
    private volatile long votesGranted;
    private volatile long votesRefused;
    private volatile long preVotesGranted;
    private volatile long preVotesRefused;
    private volatile long requestsRejected;
    private volatile long bootstrapSnapshotSeq;
    private volatile long unmatchedDropped;
    private volatile long contradictingEntries;
    private volatile long repairs;
    private volatile long repairBootstraps;

    /**
     * @return a new counter for this replica's state, in the media driver's counters (AeronStat shows it).
     */
    static AtomicCounter newStateCounter(final Aeron aeron, final int replicaId, final String site)
    {
        return aeron.addCounter(REPLICA_STATE_TYPE_ID, "hedge replica " + replicaId + " (site " + site + ") state");
    }

    /**
     * @return the replica's apply and journal append latency recorders.
     */
    ReplicaHops hops()
    {
        return hops;
    }

    // single writer, the agent thread: a plain increment of a volatile is enough

    void staleEpochMessage()
    {
        staleEpochMessages++;
    }

    void duplicateIgnored()
    {
        duplicatesIgnored++;
    }

    void gapDetected()
    {
        gapsDetected++;
    }

    void gapRepaired()
    {
        gapsRepaired++;
    }

    void unreadableMessage()
    {
        unreadableMessages++;
    }

    void unmatchedEntryDropped()
    {
        unmatchedDropped++;
    }

    void contradictingEntryRefused()
    {
        contradictingEntries++;
    }

    void repairDone()
    {
        repairs++;
    }

    void repairBootstrapDone()
    {
        repairBootstraps++;
    }

    /** @return entries of the followed leader dropped because the replica was not yet matched in its epoch. */
    public long unmatchedDropped()
    {
        return unmatchedDropped;
    }

    /** @return entries refused because their epoch contradicts the leader's history the replica matched with. */
    public long contradictingEntries()
    {
        return contradictingEntries;
    }

    /** @return repairs that cut the journal back and rebuilt the state. */
    public long repairs()
    {
        return repairs;
    }

    /** @return repairs that set everything aside to bootstrap from a peer (no agreement known, or a repair order). */
    public long repairBootstraps()
    {
        return repairBootstraps;
    }

    void voteGranted()
    {
        votesGranted++;
    }

    void voteRefused()
    {
        votesRefused++;
    }

    void preVoteAnswered(final boolean granted)
    {
        if (granted)
        {
            preVotesGranted++;
        }
        else
        {
            preVotesRefused++;
        }
    }

    void requestRejected()
    {
        requestsRejected++;
    }

    void bootstrappedAt(final long snapshotSeq)
    {
        bootstrapSnapshotSeq = snapshotSeq;
    }

    public long staleEpochMessages()
    {
        return staleEpochMessages;
    }

    public long duplicatesIgnored()
    {
        return duplicatesIgnored;
    }

    public long gapsDetected()
    {
        return gapsDetected;
    }

    public long gapsRepaired()
    {
        return gapsRepaired;
    }

    public long unreadableMessages()
    {
        return unreadableMessages;
    }

    public long votesGranted()
    {
        return votesGranted;
    }

    public long votesRefused()
    {
        return votesRefused;
    }

    public long preVotesGranted()
    {
        return preVotesGranted;
    }

    public long preVotesRefused()
    {
        return preVotesRefused;
    }

    /** @return seqs the state machine threw on, each rejected alike on every replica (outcome 1). */
    public long requestsRejected()
    {
        return requestsRejected;
    }

    public long bootstrapSnapshotSeq()
    {
        return bootstrapSnapshotSeq;
    }
}
