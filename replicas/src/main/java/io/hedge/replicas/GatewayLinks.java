package io.hedge.replicas;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import org.agrona.CloseHelper;

import java.util.List;

/**
 * A replica's links to every gateway of its stream: it hears each one's sequenced and replay streams and can send to
 * each one's inbound endpoint. Which gateway it obeys is the agent's decision (the one its promise names); the links
 * only carry, and tell the agent which gateway a message came from.
 */
final class GatewayLinks implements AutoCloseable
{
    private final int[] ids;
    private final Subscription[] sequenced;
    private final Subscription[] replay;
    private final ExclusivePublication[] publications;
    private final ControlledFragmentAssembler[] sequencedAssemblers;
    private final ControlledFragmentAssembler[] replayAssemblers;

    GatewayLinks(final Aeron aeron, final List<GatewayLink> links, final int sequencedStreamId,
        final int replayStreamId, final int gatewayStreamId, final ReplicaAgent agent)
    {
        final int n = links.size();
        ids = new int[n];
        sequenced = new Subscription[n];
        replay = new Subscription[n];
        publications = new ExclusivePublication[n];
        sequencedAssemblers = new ControlledFragmentAssembler[n];
        replayAssemblers = new ControlledFragmentAssembler[n];
        boolean ok = false;
        try
        {
            for (int i = 0; i < n; i++)
            {
                final GatewayLink link = links.get(i);
                ids[i] = link.gatewayId();
                sequenced[i] = aeron.addSubscription(link.sequencedChannel(), sequencedStreamId);
                replay[i] = aeron.addSubscription(link.replayChannel(), replayStreamId);
                publications[i] = aeron.addExclusivePublication(link.gatewayChannel(), gatewayStreamId);
                final SequencedAdapter adapter = new SequencedAdapter(agent, link.gatewayId());
                sequencedAssemblers[i] = new ControlledFragmentAssembler(adapter);
                replayAssemblers[i] = new ControlledFragmentAssembler(adapter);
            }
            ok = true;
        }
        finally
        {
            if (!ok)
            {
                close();
            }
        }
    }

    /**
     * Poll every gateway: replays first, so that a repair is not overtaken by the live stream it repairs.
     */
    int poll(final int fragmentLimit)
    {
        int work = 0;
        for (int i = 0; i < ids.length; i++)
        {
            work += replay[i].controlledPoll(replayAssemblers[i], fragmentLimit);
            work += sequenced[i].controlledPoll(sequencedAssemblers[i], fragmentLimit);
        }
        return work;
    }

    /**
     * @return true once the replica has joined some gateway's sequenced stream.
     */
    boolean anySequencedConnected()
    {
        for (final Subscription subscription : sequenced)
        {
            if (subscription.isConnected())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the publication to this gateway, or null if it is not one of the stream's.
     */
    ExclusivePublication publication(final int gatewayId)
    {
        for (int i = 0; i < ids.length; i++)
        {
            if (ids[i] == gatewayId)
            {
                return publications[i];
            }
        }
        return null;
    }

    boolean replayConnected(final int gatewayId)
    {
        for (int i = 0; i < ids.length; i++)
        {
            if (ids[i] == gatewayId)
            {
                return replay[i].isConnected() && publications[i].isConnected();
            }
        }
        return false;
    }

    int size()
    {
        return ids.length;
    }

    ExclusivePublication publicationAt(final int index)
    {
        return publications[index];
    }

    @Override
    public void close()
    {
        for (int i = 0; i < ids.length; i++)
        {
            CloseHelper.closeAll(sequenced[i], replay[i], publications[i]);
        }
    }
}
