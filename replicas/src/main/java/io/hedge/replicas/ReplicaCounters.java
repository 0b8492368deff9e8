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

    /**
     * @return a new counter for this replica's state, in the media driver's counters (AeronStat shows it).
     */
    static AtomicCounter newStateCounter(final Aeron aeron, final int replicaId, final String site)
    {
        return aeron.addCounter(REPLICA_STATE_TYPE_ID, "hedge replica " + replicaId + " (site " + site + ") state");
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
