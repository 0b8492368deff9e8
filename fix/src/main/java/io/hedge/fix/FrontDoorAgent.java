package io.hedge.fix;

import org.agrona.concurrent.Agent;

import java.util.Collection;

/**
 * The front door's one thread on the Hedge side: offers the requests the FIX side queued, asks after those whose
 * outcome is unknown, and delivers the gateways' answers (and, once wired, the maker fills) to be reported in FIX.
 */
final class FrontDoorAgent implements Agent
{
    private final Collection<HedgeLink> links;
    private final ClOrdIdStore store;

    FrontDoorAgent(final Collection<HedgeLink> links, final ClOrdIdStore store)
    {
        this.links = links;
        this.store = store;
    }

    @Override
    public int doWork()
    {
        int work = 0;
        for (final HedgeLink link : links)
        {
            work += link.doWork(store);
        }
        return work;
    }

    @Override
    public void onClose()
    {
        for (final HedgeLink link : links)
        {
            link.close();
        }
    }

    @Override
    public String roleName()
    {
        return "hedge-fix";
    }
}
