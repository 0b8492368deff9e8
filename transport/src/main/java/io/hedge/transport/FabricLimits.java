package io.hedge.transport;

/**
 * The fixed limits of a fabric: every role sizes its tables by these, so that they agree.
 */
public final class FabricLimits
{
    /** Replica ids run from 1 to {@code MAX_REPLICAS - 1}; tables indexed by replica id have this many slots. */
    public static final int MAX_REPLICAS = 64;

    /** Gateway ids run from 1 to this. */
    public static final int MAX_GATEWAYS = 9;

    /** A retransmit from standby gateway g names requester {@code STANDBY_REQUESTER_BASE + g}: above every replica id. */
    public static final int STANDBY_REQUESTER_BASE = MAX_REPLICAS;

    /** Tables indexed by requester id (replicas and standby gateways) have this many slots. */
    public static final int MAX_REQUESTERS = STANDBY_REQUESTER_BASE + MAX_GATEWAYS + 1;

    /** The largest request payload a gateway can be configured to accept, bytes. */
    public static final int MAX_PAYLOAD_LIMIT = 1024 * 1024;

    /**
     * No epoch exceeds this. An epoch grows by one per candidacy, so a real fabric never comes near it; the ceiling
     * keeps every {@code epoch + 1} and every comparison far from overflow, even after a member with the key (or a bug)
     * raised it absurdly: a message above it is refused and counted, a candidate does not stand above it.
     */
    public static final long MAX_EPOCH = Long.MAX_VALUE / 2;

    private FabricLimits()
    {
    }

    /**
     * @return true for an epoch no member may send or adopt: above {@link #MAX_EPOCH}. (Below zero is not checked here:
     * some messages carry a null value, and a low epoch loses every comparison anyway.)
     */
    public static boolean aboveEpochCeiling(final long epoch)
    {
        return epoch > MAX_EPOCH;
    }

    /**
     * @return true for an id a configured replica can have.
     */
    public static boolean isReplicaId(final int replicaId)
    {
        return replicaId > 0 && replicaId < MAX_REPLICAS;
    }

    /**
     * How many of the newest runs of an epoch history a heartbeat or a vote carries: enough to find where two
     * journals agree after any realistic series of takeovers; a journal whose agreement lies further back is
     * rebuilt from a peer.
     */
    public static final int HISTORY_TAIL = 32;
}
