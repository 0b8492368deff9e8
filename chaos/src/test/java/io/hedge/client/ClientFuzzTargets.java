package io.hedge.client;

import io.hedge.chaos.fuzz.FuzzTarget;
import io.hedge.codecs.fabric.ConnectStatus;
import io.hedge.codecs.fabric.FabricStatusDecoder;
import io.hedge.codecs.fabric.QueryStatus;
import io.hedge.codecs.fabric.ResponseStatus;
import io.hedge.transport.InboundCheck;
import org.agrona.DirectBuffer;

/**
 * The client's egress adapter (what gateways send a client), for the fuzz test (issue 14), with a listener that only
 * records what reaches it and walks a fabric status's replicas as the SDK does.
 */
public final class ClientFuzzTargets
{
    private ClientFuzzTargets()
    {
    }

    /**
     * @param clientId the adapter's client: ClientConnected and session messages for others are skipped.
     */
    public static FuzzTarget egress(final long clientId)
    {
        final Recorder recorder = new Recorder();
        final InboundCheck inbound = new InboundCheck("fuzz client egress", null);
        final EgressAdapter adapter = new EgressAdapter(null, clientId, recorder, 10, inbound);
        return new FuzzTarget("client egress adapter", adapter, recorder, inbound);
    }

    private static final class Recorder implements FuzzTarget.Record, EgressListener
    {
        long applied;
        long badRanges;
        long replicasSeen;

        public long applied()
        {
            return applied;
        }

        public long badRanges()
        {
            return badRanges;
        }

        private void range(final DirectBuffer buffer, final int offset, final int length)
        {
            if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
            {
                badRanges++;
            }
        }

        public void onResponse(final long epoch, final long correlationId, final long seq, final ResponseStatus status,
            final int replicaId, final DirectBuffer payload, final int offset, final int length)
        {
            applied++;
            range(payload, offset, length);
        }

        public void onConnected(final int gatewayId, final ConnectStatus status, final long epoch,
            final int activeGatewayId, final long lastCorrelationId, final int maxPayloadLength, final String detail)
        {
            applied++;
        }

        public void onQueryAnswer(final long queryId, final QueryStatus status, final int replicaId,
            final long appliedSeq, final DirectBuffer payload, final int offset, final int length)
        {
            applied++;
            range(payload, offset, length);
        }

        public void onFabricStatus(final FabricStatusDecoder status)
        {
            applied++;
            for (final FabricStatusDecoder.ReplicasDecoder replica : status.replicas())
            {
                replicasSeen += replica.replicaId() + replica.appliedSeq();
            }
        }

        public void onSessionMessage(final long epoch, final long seq, final int index, final DirectBuffer payload,
            final int offset, final int length)
        {
            applied++;
            range(payload, offset, length);
        }
    }
}
