package io.hedge.chaos;

import io.hedge.chaos.fuzz.FuzzTarget;
import io.hedge.transport.InboundCheck;
import org.agrona.DirectBuffer;

/**
 * The effects sink's adapter (hellos and effects from gateways), for the fuzz test (issue 14), with a listener that
 * only records what reaches it.
 */
public final class EffectSinkFuzzTargets
{
    private EffectSinkFuzzTargets()
    {
    }

    public static FuzzTarget sinkAdapter()
    {
        final Recorder recorder = new Recorder();
        final InboundCheck inbound = new InboundCheck("fuzz effects sink", null);
        return new FuzzTarget("effects sink adapter", new EffectSinkAdapter(recorder, inbound), recorder, inbound);
    }

    private static final class Recorder implements FuzzTarget.Record, EffectSinkAdapter.Listener
    {
        long applied;
        long badRanges;

        public long applied()
        {
            return applied;
        }

        public long badRanges()
        {
            return badRanges;
        }

        public void onHello(final int gatewayId, final long epoch)
        {
            applied++;
        }

        public void onEffect(final int gatewayId, final long epoch, final long seq, final int index, final int count,
            final long previousSeq, final DirectBuffer payload, final int payloadOffset, final int payloadLength)
        {
            applied++;
            if (payloadOffset < 0 || payloadLength < 0 || (long)payloadOffset + payloadLength > payload.capacity())
            {
                badRanges++;
            }
        }
    }
}
