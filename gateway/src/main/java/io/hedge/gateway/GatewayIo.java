package io.hedge.gateway;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * Everything a gateway agent reaches the world through: its adapters' polls, the streams its publishers encode
 * onto, the effects sink and the state counter. {@link AeronGatewayIo} in production; a unit
 * test gives fakes and drives the agent's listener methods itself, with no media driver.
 */
interface GatewayIo extends AutoCloseable
{
    /** Opens a gateway's resources, given the listeners its adapters call. */
    @FunctionalInterface
    interface Factory
    {
        GatewayIo open(
            IngressListener clients,
            ReplicaListener inbound,
            TermListener term,
            PeerListener peers,
            LeadershipListener leadership);
    }

    /**
     * Poll the inbound endpoint (replicas, standbys, the sink), then the peer gateways' streams.
     */
    int pollInbound(int fragmentLimit);

    /**
     * Poll client ingress.
     */
    int pollIngress(int fragmentLimit);

    /**
     * @param listener hears, from now on, what the inbound endpoint receives for a term of leadership.
     */
    void termListener(TermListener listener);

    /**
     * @return this gateway's sequenced stream.
     */
    StreamOffer sequenced();

    /**
     * @return this gateway's replay stream.
     */
    StreamOffer replay();

    /**
     * @return the inbound endpoint of this peer gateway, or null when it is not a peer.
     */
    StreamOffer peer(int gatewayId);

    /**
     * @return the external effects sink's stream (each leader term makes its {@link EffectForwarder} over it), or null
     * when none is configured.
     */
    StreamOffer sink();

    /**
     * @return the drop-copy stream, on which every session message is published, or null when none is configured.
     */
    default StreamOffer dropCopy()
    {
        return null;
    }

    /**
     * @return the counter that shows the gateway's {@link GatewayState} code.
     */
    AtomicCounter stateCounter();

    @Override
    void close();
}
