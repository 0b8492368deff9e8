package io.hedge.replicas;

import org.agrona.MutableDirectBuffer;

/**
 * The part of the poison policy ({@link StateMachine}) that live apply and journal replay share: after a throw, what
 * the state machine buffered as effects or session messages of the failed request is taken and dropped, so that none
 * of it is sent with, or hashed into, the next request's. Both paths do it, so both end in the same state.
 */
final class RejectedRequests
{
    private RejectedRequests()
    {
    }

    /**
     * Take the effects of a request the state machine threw on, into a scratch area that is then discarded.
     *
     * @param buffer where effects may be written; its contents there are not used.
     * @param offset where they start.
     */
    static void dropEffects(final StateMachine stateMachine, final MutableDirectBuffer buffer, final int offset)
    {
        try
        {
            stateMachine.effects(buffer, offset);
        }
        catch (final RuntimeException ignored)
        {
            // effects() may throw after a failed apply too: deterministically, like the apply, so alike everywhere
        }
    }

    /**
     * Take the session messages of a request the state machine threw on, into a scratch area that is then discarded:
     * none of them is sent, hashed, or mistaken for the next request's.
     *
     * @param buffer where messages may be written; its contents there are not used.
     * @param offset where they start.
     */
    static void dropMessages(final StateMachine stateMachine, final MutableDirectBuffer buffer, final int offset)
    {
        try
        {
            stateMachine.messages(buffer, offset);
        }
        catch (final RuntimeException ignored)
        {
            // like effects(): a throw here is as deterministic as the apply's
        }
    }
}
