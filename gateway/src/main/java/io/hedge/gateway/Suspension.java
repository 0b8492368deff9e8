package io.hedge.gateway;

/**
 * Whether the active gateway takes new requests (hedge admin suspend / resume): while suspended, its
 * {@link LeaderDesk} answers each new request SUSPENDED and sequences none. Written only by the gateway agent's
 * thread ({@link AdminVerbs}); read by it once per new request, and by any thread for reports. It belongs to one
 * gateway process and survives nothing: a gateway that becomes active starts unsuspended.
 */
final class Suspension
{
    private volatile boolean suspended;
    /** hedge admin switchover: new requests wait on their clients' images until the term ends. */
    private volatile boolean holding;

    boolean suspended()
    {
        return suspended;
    }

    void suspend()
    {
        suspended = true;
    }

    void resume()
    {
        suspended = false;
        holding = false;
    }

    boolean holding()
    {
        return holding;
    }

    void hold()
    {
        holding = true;
    }
}
