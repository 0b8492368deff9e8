package io.hedge.gateway.admin;

import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.function.Consumer;

/**
 * Hands admin verbs from the gateway's ops agent (its own thread, off the request path) to the gateway agent, which
 * takes them between duty cycles. One allocation per admin verb, never per request; an empty queue costs the gateway
 * agent one volatile read per duty cycle.
 */
public final class AdminQueue
{
    /** Admin verbs waiting at most; one beyond is answered BUSY by the ops agent. */
    public static final int CAPACITY = 64;

    /**
     * What the gateway agent says when a verb is done (or refused). Called on the gateway agent's thread, once per
     * command: an implementation hands the answer over to the ops agent's thread without blocking.
     */
    @FunctionalInterface
    public interface Reply
    {
        /**
         * @param result what became of the verb.
         * @param seq    SNAPSHOT and SHUTDOWN: the seq the snapshots were taken at; 0 otherwise.
         * @param detail one line for people.
         */
        void done(AdminResult result, long seq, String detail);
    }

    /**
     * One admin verb as an ops session asked for it.
     *
     * @param verb            what to do.
     * @param targetGatewayId SWITCHOVER: the gateway to hand over to; 0 otherwise.
     * @param opsClientId     the ops session that asked.
     * @param correlationId   of its AdminRequest.
     * @param reply           where the answer goes.
     */
    public record Command(AdminVerb verb, int targetGatewayId, long opsClientId, long correlationId, Reply reply)
    {
    }

    private final ManyToOneConcurrentArrayQueue<Command> queue = new ManyToOneConcurrentArrayQueue<>(CAPACITY);

    /**
     * @return false when the queue is full: answer the verb BUSY.
     */
    public boolean offer(final Command command)
    {
        return queue.offer(command);
    }

    /**
     * Take every waiting verb, on the gateway agent's thread.
     *
     * @return how many were taken.
     */
    public int drain(final Consumer<Command> handler)
    {
        return queue.isEmpty() ? 0 : queue.drain(handler);
    }
}
