package io.hedge.replicas;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Session messages are output like the response: replicas that disagree on them disagree on the state hash, so the
 * gateway marks the odd one divergent; a seq without messages hashes as it did before messages existed.
 */
class StateHashMessagesTest
{
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
    private final UnsafeBuffer effects = new UnsafeBuffer(new byte[]{4, 0, 0, 0, 9, 9, 9, 9});

    @Test
    void messagesChangeTheHashAndTheirAbsenceDoesNot()
    {
        final UnsafeBuffer messages = new UnsafeBuffer(new byte[16]);
        messages.putLong(0, 7);
        messages.putInt(8, 4);
        messages.putInt(12, 0x01020304);
        final long without = StateHash.afterApply(5, 3, response, 0, 9, effects, 0, 8);
        assertEquals(without, StateHash.afterApply(5, 3, response, 0, 9, effects, 0, 8, messages, 0, 0));
        final long with = StateHash.afterApply(5, 3, response, 0, 9, effects, 0, 8, messages, 0, 16);
        assertNotEquals(without, with);

        final UnsafeBuffer otherRecipient = new UnsafeBuffer(new byte[16]);
        otherRecipient.putBytes(0, messages, 0, 16);
        otherRecipient.putLong(0, 8);
        assertNotEquals(with, StateHash.afterApply(5, 3, response, 0, 9, effects, 0, 8, otherRecipient, 0, 16),
            "the same message to another session is another output");
    }

    @Test
    void bytesMovedFromEffectsToMessagesChangeTheHash()
    {
        final long asEffects = StateHash.afterApply(5, 3, response, 0, 9, effects, 0, 8, effects, 0, 0);
        final long asMessages = StateHash.afterApply(5, 3, response, 0, 9, effects, 0, 0, effects, 0, 8);
        assertNotEquals(asEffects, asMessages);
    }
}
