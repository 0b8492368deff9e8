package io.hedge.gateway;

import org.agrona.DirectBuffer;

/**
 * Hears each seq once it is committed (journaled on a majority of the voting replicas), strictly in seq order and
 * once per seq per term, with the response the majority agrees on (a whole ReplicaResponse message, header
 * included, so its effects can be read from it), or with no response when the collector holds none for the seq
 * (a takeover's predecessor answered it): then {@code length} is 0.
 */
@FunctionalInterface
public interface CommitListener
{
    void onCommitted(long seq, int replicaId, DirectBuffer buffer, int offset, int length);
}
