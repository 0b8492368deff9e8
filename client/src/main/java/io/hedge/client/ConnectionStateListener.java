package io.hedge.client;

/**
 * Hears every change of a client's {@link ConnectionState}, on the client's polling thread (the {@link HedgeClient}'s
 * own thread, or the thread that calls {@link HedgeSession#poll()}), in order, once per change. The change into
 * {@link ConnectionState#CONNECTED} made by the connect handshake is delivered by the first poll after it. Keep it
 * short: the client does nothing else meanwhile.
 */
@FunctionalInterface
public interface ConnectionStateListener
{
    /**
     * @param previous the state before; {@link ConnectionState#CONNECTING} for the first change.
     * @param state    the state now.
     * @param reason   what happened, for a log line.
     */
    void onConnectionStateChange(ConnectionState previous, ConnectionState state, String reason);
}
