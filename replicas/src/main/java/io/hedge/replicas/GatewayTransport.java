package io.hedge.replicas;

import org.agrona.DirectBuffer;

/**
 * A replica's links to the gateways of its stream, as its agent and its {@link GatewayPublisher} use them. In
 * production {@link AeronGatewayTransport}, over {@link io.hedge.transport.GatewayLinks}; in tests a fake, so that the
 * agent runs without a media driver.
 */
interface GatewayTransport extends AutoCloseable
{
    /**
     * Poll every gateway, its replay stream first; each message goes to the {@link GatewayAdapter} of the gateway it
     * came from.
     *
     * @return fragments read.
     */
    int poll(int fragmentLimit);

    /**
     * @return true once some gateway's sequenced stream has connected.
     */
    boolean anySequencedConnected();

    /**
     * @return true when this gateway's replay stream and its inbound endpoint are both connected.
     */
    boolean replayConnected(int gatewayId);

    /**
     * @return how many gateways the stream has.
     */
    int size();

    /**
     * @return the position of this gateway, or -1 when it is not one of the stream's.
     */
    int indexOf(int gatewayId);

    /**
     * Offer one message to the inbound endpoint of the gateway at this position.
     *
     * @return as {@link io.aeron.Publication#offer}: the new position, or a negative code.
     */
    long offer(int index, DirectBuffer buffer, int offset, int length);

    @Override
    void close();
}
