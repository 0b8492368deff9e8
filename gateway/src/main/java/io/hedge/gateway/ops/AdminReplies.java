package io.hedge.gateway.ops;

import io.hedge.codecs.ops.AdminResult;
import io.hedge.codecs.ops.AdminVerb;
import io.hedge.gateway.admin.AdminQueue;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.function.Consumer;

/**
 * Carries the gateway agent's answers to admin verbs ({@link AdminQueue.Reply#done}, on its thread) to the ops agent's
 * thread, which sends the AdminResponse: the gateway agent never blocks on, or writes to, an ops session.
 */
final class AdminReplies
{
    /** Room for every verb the admin queue can hold, and as many again being worked on. */
    static final int CAPACITY = 2 * AdminQueue.CAPACITY;

    /**
     * One verb's answer.
     */
    record Done(long opsClientId, long correlationId, AdminVerb verb, AdminResult result, long seq, String detail)
    {
    }

    private final ManyToOneConcurrentArrayQueue<Done> queue = new ManyToOneConcurrentArrayQueue<>(CAPACITY);

    /**
     * @return the reply the gateway agent calls for this command: it queues the answer for the ops agent.
     */
    AdminQueue.Reply replyTo(final long opsClientId, final long correlationId, final AdminVerb verb)
    {
        return (result, seq, detail) ->
        {
            // cannot fill while at most CAPACITY verbs are outstanding; if it ever did, the tool times out
            queue.offer(new Done(opsClientId, correlationId, verb, result, seq, detail));
        };
    }

    int drain(final Consumer<Done> handler)
    {
        return queue.isEmpty() ? 0 : queue.drain(handler);
    }
}
