package io.hedge.chaos.fuzz;

import io.aeron.logbuffer.FragmentHandler;
import io.hedge.transport.InboundCheck;

/**
 * One adapter under fuzz, fed directly (no media driver): the handler to feed, and what its listeners saw.
 */
public final class FuzzTarget
{
    /** What recording listeners report. */
    public interface Record
    {
        /** Calls that act on a message (everything but the adapter's own "unreadable" notices). */
        long applied();

        /** Calls whose buffer range (payload, channel, effects...) did not lie within the buffer handed over. */
        long badRanges();
    }

    public final String name;
    public final FragmentHandler handler;
    public final Record record;
    public final InboundCheck inbound;

    public FuzzTarget(final String name, final FragmentHandler handler, final Record record, final InboundCheck inbound)
    {
        this.name = name;
        this.handler = handler;
        this.record = record;
        this.inbound = inbound;
    }
}
