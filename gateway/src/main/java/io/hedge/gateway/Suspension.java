package io.hedge.gateway;

/**
 * Whether the active gateway takes new requests: while suspended (hedge admin suspend) its {@link LeaderDesk} answers
 * each new request SUSPENDED and sequences none; while holding (hedge admin switchover, until the term ends) new
 * requests wait on their clients' images. Written only by the gateway agent's thread ({@link AdminVerbs}); read by it
 * once per new request (one volatile read, both flags in it), and by any thread for reports. It belongs to one gateway
 * process and survives nothing: a gateway that becomes active starts open.
 */
final class Suspension
{
    /** Bit of {@link #admission()}: answer new requests SUSPENDED. */
    static final int SUSPENDED = 1;
    /** Bit of {@link #admission()}: hold new requests on their images. */
    static final int HOLDING = 2;

    private volatile int admission;

    /**
     * @return 0 when new requests are sequenced, else {@link #SUSPENDED} and/or {@link #HOLDING}.
     */
    int admission()
    {
        return admission;
    }

    boolean suspended()
    {
        return (admission & SUSPENDED) != 0;
    }

    boolean holding()
    {
        return (admission & HOLDING) != 0;
    }

    void suspend()
    {
        admission |= SUSPENDED;
    }

    void hold()
    {
        admission |= HOLDING;
    }

    /**
     * Sequence new requests again: neither suspended nor holding.
     */
    void resume()
    {
        admission = 0;
    }
}
