package io.hedge.gateway;

import io.hedge.sequencer.JournaledClientListener;
import org.agrona.collections.Long2LongHashMap;

/**
 * Which principal owns each client id: the first principal that connects with an id owns it, and a connect with that
 * id by another principal is refused (CLIENT_ID_TAKEN), so that nobody can take over another's session or speak with
 * its id. A gateway that takes over learns the owners of the ids its journal holds by {@link #restore} (the journal
 * says who sent each sequenced request), so the rule survives a failover. Bounded: at most {@code maxClientIds} ids
 * (gateway.duplicate.max.clients, the bound of the duplicate table); a new id beyond is refused. The anonymous
 * principal (0, the {@code none} authenticator) is not recorded: under {@code none} every client is principal 0 and
 * the table would only cost memory; an anonymous client still cannot use an id a real principal owns.
 */
final class ClientOwnership implements JournaledClientListener
{
    /** {@link #claim}: the id was free and is now the principal's, or it was the principal's already. */
    static final int OWNED = 0;
    /** {@link #claim}: another principal owns the id. */
    static final int TAKEN = 1;
    /** {@link #claim}: the id is new and the table is full. */
    static final int FULL = 2;

    private static final long NONE = -1;
    private static final int ANONYMOUS = 0;

    private final Long2LongHashMap owners = new Long2LongHashMap(NONE);
    private final int maxClientIds;

    ClientOwnership(final int maxClientIds)
    {
        this.maxClientIds = maxClientIds;
    }

    /**
     * A principal connects with a client id.
     *
     * @return {@link #OWNED}, {@link #TAKEN} or {@link #FULL}.
     */
    int claim(final long clientId, final int principalId)
    {
        final long owner = owners.get(clientId);
        if (principalId == ANONYMOUS)
        {
            return owner == NONE || owner == ANONYMOUS ? OWNED : TAKEN;
        }
        if (owner == NONE)
        {
            if (owners.size() >= maxClientIds)
            {
                return FULL;
            }
            owners.put(clientId, principalId);
            return OWNED;
        }
        return owner == principalId ? OWNED : TAKEN;
    }

    /**
     * A sequenced record of the journal: its client id was used by this principal, whatever this gateway heard
     * before (the journal is what every replica applied, so it wins). Term markers (client id 0) and anonymous requests own nothing. Beyond
     * the bound, an id is not remembered: its next connect claims it again.
     */
    void restore(final long clientId, final int principalId)
    {
        if (clientId == LeaderTerm.TERM_START_CLIENT_ID || principalId == ANONYMOUS)
        {
            return;
        }
        if (owners.size() < maxClientIds || owners.containsKey(clientId))
        {
            owners.put(clientId, principalId);
        }
    }

    /**
     * Every request the gateway journal holds, at open and as a standby appends what the leader sequenced: a gateway
     * that takes over knows the owners before its first connect.
     */
    @Override
    public void onJournaledRequest(final long clientId, final int principalId)
    {
        restore(clientId, principalId);
    }

    /**
     * The journal is read again after a cut: the table is kept, not cleared, because it also holds the claims of live
     * sessions that have sequenced nothing yet; what the journal says is put over it again.
     */
    @Override
    public void onRebuild()
    {
    }

    /**
     * @return the principal id that owns the client id, or -1 if none does.
     */
    int ownerOf(final long clientId)
    {
        return (int)owners.get(clientId);
    }

    int size()
    {
        return owners.size();
    }
}
